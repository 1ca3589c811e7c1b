// Collaboration outputs (spec A.11): how often each agent helped and was helped. Every agreed
// help request (P3b) counts once for the helper and once for the asker, cumulatively since each
// was hired. Output only (modules.collaboration): the counts feed no behaviour.
#pragma once

#include "models/core/context.hpp"

namespace trustsim::core {

/// The phase: adds this week's agreed help requests to helps_given / helps_received. The askers'
/// side runs in parallel; the helpers' side, written from many askers, in one serial pass over
/// the week's agreed requests, so it needs no atomics and gives the same counts for any threads.
void count_helps(CoreRun& run, const StepContext& step);

}  // namespace trustsim::core
