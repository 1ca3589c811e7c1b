// The leadership module's phase (P2): each manager's decision, belief correction, trust-first
// offers, own errors and their admission, answers to last week's voice and reports, and its own
// requests for help. It writes its own public events, its team's slots and its reports' inboxes.
#include "models/core/modules.hpp"
#include "models/core/phases.hpp"

namespace trustsim::core {

void add_leadership_phases(CoreRun& run, Week& week) {
    week.add("P2",
             {"style", "environment_state", "evidence", "forced_discovery", "help_competence_loss", "idea_quality",
              "pending_discovered", "pending_report", "pending_voice", "voiced_estimate"},
             {"has_public_events", "public_events", "reports_party_evidence", "manager_party_evidence", "belief",
              "decision_quality", "decision_success", "error_rate", "help_edge[0]", "idea_praised", "innovation_stock",
              "latent_cover", "offered_stake", "own_errors", "responses_constructive", "responses_punitive",
              "safety_constructive", "safety_events"},
             [&run](const StepContext& step) { act_as_managers(run, step); });
}

}  // namespace trustsim::core
