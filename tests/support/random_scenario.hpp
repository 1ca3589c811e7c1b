// Random scenarios drawn over the schema's own valid ranges (issue 14: every accepted input runs
// finite).
//
// The sampler is a SchemaVisitor: it walks the same visit() functions that parse and validate a
// scenario, and gives each field a value from the Range the validator checks that field against.
// So it keeps no list of ranges of its own, a range widened or narrowed in a module's
// parameters.cpp is sampled as it now is, and a range that depends on a field visited before it
// (a Beta trait's sd on its mean) is the one computed from the value just drawn. A section whose
// cross-field check (psych_safety's rate * negativity <= 1, ...) fails is drawn again.
//
// What it adds of its own is what no Range says: the size of the organisation and the run (kept
// small so that thousands of runs take seconds), and names that refer to agents (event targets,
// people, explicit members), drawn among the agents the organisation has.
#pragma once

#include "sim/config.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trustsim::testing {

struct RandomScenarioLimits {
    std::uint32_t max_agents = 60;
    std::uint32_t max_steps = 6;
};

/// Scenario `index` of the sequence drawn from `seed` (a pure function of both). Each scenario
/// first draws how much it departs from the defaults, from nearly nothing to every field, and
/// how often a changed number is one end of its valid range (the value next to an open end)
/// rather than a value between the ends or one of small, moderate or large size. Optional
/// modules are each on or off with even odds.
ScenarioConfig random_scenario(std::uint64_t seed, std::uint32_t index, const RandomScenarioLimits& limits = {});

/// The scenario as `--set` overrides of the fields where it differs from the defaults, in schema
/// order; a list (events, people, ...) is one override holding the whole list. Applied to an
/// empty scenario they give it back: a reproducer for the command line, and what a failing test
/// shrinks to the few overrides that matter.
std::vector<ConfigOverride> differences_from_defaults(const ScenarioConfig& config);

}  // namespace trustsim::testing
