// The outcomes module's phases: team aggregates (P5a), each agent's psychological safety, felt
// trust, engagement, performance and quitting (P5b), and the replacement of leavers (P5d).
// P5c, between them, is the model's measurement (core_model.cpp).
#include "models/core/modules.hpp"
#include "models/core/phases.hpp"

namespace trustsim::core {

void add_outcome_phases(CoreRun& run, Week& week) {
    week.add("P5a",
             {"exchange_return", "help_edge[1]", "help_result[1]", "offered_stake", "safety_constructive",
              "safety_events", "task_outcome"},
             {"reported_in_team", "safety_signal", "truster_payoff"},
             [&run](const StepContext& step) { aggregate_teams(run, step); });
    week.add("P5b",
             {"ability", "decision_quality", "decision_success", "engagement_disposition", "exchange_payoff",
              "help_result[0]", "help_result[1]", "innovation_stock", "offered_stake", "outside_option", "own_errors",
              "reported_in_team", "responses_punitive", "safety_signal", "task_outcome", "trust_in_manager",
              "truster_payoff"},
             {"engagement", "error_rate", "felt_trust", "performance", "psych_safety", "quit", "turnover_intent"},
             [&run](const StepContext& step) { update_outcomes(run, step); });
    // A newcomer's belief starts around theta*, its help cost follows its manager's style.
    week.add("P5d", {"quit", "environment_state", "style"},
             {"ability", "exploitative", "cooperative", "character", "return_fraction", "propensity", "belief",
              "hire_step", "engagement_disposition", "outside_option", "psych_safety", "felt_trust", "engagement",
              "error_rate", "performance", "turnover_intent", "latent_errors", "latent_cover", "pending_voice",
              "pending_report", "pending_discovered", "help_competence_loss", "evidence", "trust_in_manager"},
             [&run](const StepContext& step) { replace_leavers(run, step); });
}

}  // namespace trustsim::core
