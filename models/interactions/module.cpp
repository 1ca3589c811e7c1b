// The interactions module's phases: what every agent does as a member of its manager's team
// (P3a: answer the exchange, work and report errors, voice ideas, ask for help) and the
// helpers' answers (P3b).
#include "models/core/modules.hpp"
#include "models/core/phases.hpp"

namespace trustsim::core {

void add_interaction_phases(CoreRun& run, Week& week) {
    week.add("P3a",
             {"belief", "cooperative", "error_rate", "evidence", "exploitative", "felt_trust", "forced_discovery",
              "help_competence_loss", "latent_cover", "offered_stake", "psych_safety", "return_fraction",
              "trust_in_manager"},
             {"has_public_events", "public_events", "reports_party_evidence", "manager_party_evidence", "exchange_payoff",
              "exchange_return", "had_idea", "help_edge[1]", "idea_quality", "latent_errors", "own_errors",
              "pending_discovered", "pending_report", "pending_voice", "task_outcome", "voiced", "voiced_estimate"},
             [&run](const StepContext& step) { act_as_employees(run, step); });
    week.add("P3b", {"ability", "character", "cooperative", "evidence", "help_edge[0]", "help_edge[1]", "propensity"},
             {"help_result[0]", "help_result[1]"}, [&run](const StepContext& step) { answer_help_requests(run, step); });
}

}  // namespace trustsim::core
