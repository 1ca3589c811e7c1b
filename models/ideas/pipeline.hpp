// The idea pipeline (models/ideas/, spec A.4 beta and A.5 P2), run inside each manager's P2.
//
// Own ideas: a manager without an idea of its own gets one with probability own_idea_rate a week,
// of quality Q ~ N(mu, 1), and holds it for a geometric time (dropped with probability
// 1/own_idea_life a week). While it holds one, q_own = max(0, Q) in the acceptance rule
// q > q_own + (1 - beta) b_NIH; without one q_own = 0, the core model's reading.
//
// Travelling ideas: of the ideas a manager accepts in a week (its reports' voiced ideas and the
// ideas its report managers forwarded last week) it forwards the best to its own boss, by writing
// it into its own slot; the boss reads its reports' slots in the next week's P2, the way pending
// voice works. The boss reviews each like a voiced idea: open to it with the probability of a
// constructive response, 0.2 + 0.7 (eta + beta)/2 (1 - iota), and accepting it if q > q_own +
// (1 - beta) b_NIH, which adds forward_gain * g_innov to its own team's I_T. The review is staff
// work up the line, not a response to a team member: it produces no trust evidence and no climate
// event. Slots are double-buffered by week parity, so a manager writes this week's slot while its
// boss reads last week's in the same phase.
#pragma once

#include "models/core/context.hpp"

#include <cstdint>
#include <limits>

namespace trustsim::core {

/// One manager's ideas this P2 (on the stack; the pipeline's state lives in CoreState).
struct IdeaLedger {
    double own = 0;                ///< q_own of this week's acceptance rule
    std::uint32_t judged = 0;      ///< voiced ideas answered this week
    std::uint32_t accepted = 0;    ///< of which accepted
    float best = std::numeric_limits<float>::quiet_NaN();  ///< best accepted idea, to forward
    std::uint8_t best_hops = 0;    ///< levels it has travelled above the team that voiced it

    /// A report's voiced idea of quality q was answered, and accepted or not.
    void voiced(float q, bool was_accepted) {
        ++judged;
        if (!was_accepted) return;
        ++accepted;
        keep(q, 0);
    }
    /// An accepted idea that has travelled `hops` levels becomes the one to forward if it is the best.
    void keep(float q, std::uint8_t hops) {
        if (!(q <= best)) {  // also when best is NaN (nothing kept yet)
            best = q;
            best_hops = hops;
        }
    }
};

/// P2, before the responses: the manager's own idea comes or goes; returns q_own.
double update_own_idea(CoreRun& run, std::uint32_t team, AgentIndex manager, const StepContext& step);

/// P2, after the responses: reviews the ideas the manager's report managers forwarded last week
/// (`p_open`: the manager's probability of a constructive response; `bar`: its acceptance bar),
/// adds the accepted ones to the team's I_T, writes the manager's forward slot for this week and
/// the team's idea counts.
void pass_ideas_up(CoreRun& run, std::uint32_t team, AgentIndex manager, const StepContext& step, double p_open,
                   double bar, IdeaLedger& ledger);

}  // namespace trustsim::core
