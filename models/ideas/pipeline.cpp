#include "models/ideas/pipeline.hpp"

#include "models/core/purposes.hpp"

#include <algorithm>
#include <cmath>

namespace trustsim::core {
namespace {

/// First block of a manager's review draws in its weekly `ideas` stream (the own idea uses block 0).
constexpr std::uint32_t review_block = 64;

float to_count(std::uint32_t n) { return static_cast<float>(n); }

}  // namespace

double update_own_idea(CoreRun& run, std::uint32_t team, AgentIndex manager, const StepContext& step) {
    const IdeasConfig& ideas = run.params.ideas;
    float& own = run.state.ideas.own_idea[team];
    RandomStream stream = run.stream(step.step, manager, Purpose::ideas);
    if (!std::isnan(own) && stream.bernoulli(1.0 / ideas.own_idea_life)) own = std::numeric_limits<float>::quiet_NaN();
    if (std::isnan(own) && stream.bernoulli(ideas.own_idea_rate)) {
        own = static_cast<float>(ideas.own_idea_mean + stream.normal());
    }
    return std::isnan(own) ? 0.0 : std::max(0.0, double{own});
}

void pass_ideas_up(CoreRun& run, std::uint32_t team, AgentIndex manager, const StepContext& step, double p_open,
                   double bar, IdeaLedger& ledger) {
    CoreState& s = run.state;
    const Organisation& org = run.org();
    const IdeasConfig& ideas = run.params.ideas;
    const std::size_t last_week = (step.step + 1) % 2;  // the slot the report managers wrote last week
    const std::size_t this_week = step.step % 2;
    const double gain = ideas.forward_gain * run.params.interactions.innovation_gain;

    RandomStream review = run.stream(step.step, manager, Purpose::ideas, review_block);
    std::uint32_t reviewed = 0, passed = 0;
    for (const AgentIndex report : org.reports(manager)) {
        const std::int32_t below = org.leads_team(report);
        if (below == no_team) continue;
        const float q = s.ideas.forwarded_idea[last_week][static_cast<std::size_t>(below)];
        if (std::isnan(q)) continue;
        ++reviewed;
        if (review.bernoulli(p_open) && q > bar) {
            ++passed;
            s.leadership.innovation_stock[team] += static_cast<float>(gain);
            ledger.keep(q, s.ideas.forwarded_hops[last_week][static_cast<std::size_t>(below)]);
        }
    }

    // Forward the week's best accepted idea one level up, if it may travel that far.
    const bool forward = manager != 0 && !std::isnan(ledger.best) && ledger.best_hops < ideas.forward_levels;
    s.ideas.forwarded_idea[this_week][team] = forward ? ledger.best : std::numeric_limits<float>::quiet_NaN();
    s.ideas.forwarded_hops[this_week][team] = forward ? static_cast<std::uint8_t>(ledger.best_hops + 1) : 0;

    s.ideas.judged[team] = to_count(ledger.judged);
    s.ideas.accepted[team] = to_count(ledger.accepted);
    s.ideas.forwards_judged[team] = to_count(reviewed);
    s.ideas.forwards_accepted[team] = to_count(passed);
}

}  // namespace trustsim::core
