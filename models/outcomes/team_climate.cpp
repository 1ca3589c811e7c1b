// P5a: the team aggregates members need before updating themselves (spec A.6; model-choices
// "Psychological safety"): S_T from the manager's responses, admissions, help requests and
// discovered cover-ups, plus members' help requests inside the team (constructive when the
// helper agreed); reported errors for team learning; the manager's share of exchange surplus.
#include "models/core/phases.hpp"
#include "sim/parallel.hpp"

#include <cassert>

namespace trustsim::core {

void aggregate_teams(CoreRun& run, const StepContext&) {
    CoreState& s = run.state;
    const Organisation& org = run.org();
    const TrustNetwork& net = run.network();
    const InteractionsConfig& ix = run.params.interactions;

    for_each_agent(org.teams(), [&](std::size_t t) {
        const auto team = static_cast<std::uint32_t>(t);
        const AgentIndex manager = org.team_manager(team);
        if (manager == no_manager) return;  // a vacant slot: merged away, or a split to come
        std::uint32_t events = s.leadership.safety_events[team];
        std::uint32_t constructive = s.leadership.safety_constructive[team];
        std::uint32_t reported = 0;
        double truster_payoff = 0;
        for (const AgentIndex member : org.reports(manager)) {
            const EdgeIndex request = s.interactions.help_edge[1][member];
            if (request != no_edge) {
                // The helper is the manager or one of its reports: the request's kind bits say so
                // (the network keeps them in step with the hierarchy), where the helper's parent
                // would be a random read.
                const bool inside_team = (net.kind(request) & (EdgeKind::to_manager | EdgeKind::same_team)) != 0;
                assert(inside_team == (net.target(request) == manager ||
                                       org.parent(net.target(request)) == static_cast<std::int32_t>(manager)));
                if (inside_team) {
                    ++events;
                    if (s.interactions.help_result[1][member] != HelpResult::refused) ++constructive;
                }
            }
            if (s.interactions.task_outcome[member] == TaskOutcome::reported_error) ++reported;
            const float stake = s.leadership.offered_stake[member];
            if (stake > 0) {
                const double multiplied = ix.exchange_multiplier * stake;
                const double surplus = ix.exchange_payoff_scale * (ix.exchange_multiplier - 1.0) * stake;
                truster_payoff += surplus * s.interactions.exchange_return[member] / multiplied;
            }
        }
        s.outcomes.safety_signal[team] = events > 0 ? static_cast<float>(constructive) / static_cast<float>(events) : -1.0f;
        s.outcomes.reported_in_team[team] = static_cast<std::uint16_t>(reported);
        s.outcomes.truster_payoff[team] = static_cast<float>(truster_payoff);
    });
}

}  // namespace trustsim::core
