// The trust module's phase (P4): every agent pulls this week's events of its out-neighbours
// into its own row of evidence, then forgets toward its priors.
#include "models/core/modules.hpp"
#include "models/core/phases.hpp"

namespace trustsim::core {

void add_trust_phases(CoreRun& run, Week& week) {
    week.add("P4",
             {"public_events", "has_public_events", "reports_party_evidence", "manager_party_evidence",
              "exchange_return", "help_edge[0]", "help_edge[1]", "help_result[0]", "help_result[1]", "idea_praised",
              "offered_stake", "propensity", "responses_constructive", "responses_punitive", "style", "task_outcome"},
             {"evidence", "trust_in_manager", "team_trust_edges_as_leader", "team_trust_edges_as_member",
              "team_trust_sum_as_leader", "team_trust_sum_as_member"},
             [&run](const StepContext& step) { observe_and_update_trust(run, step); });
}

}  // namespace trustsim::core
