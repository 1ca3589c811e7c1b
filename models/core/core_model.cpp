#include "models/core/core_model.hpp"

#include "models/cascade/style_cascade.hpp"
#include "models/collaboration/help_counts.hpp"
#include "models/core/phases.hpp"
#include "models/trust/edge_events.hpp"
#include "models/culture/power_distance.hpp"
#include "sim/parallel.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace trustsim::core {

namespace {

// What each phase writes, by state column (for_each_column's names); debug and ASan builds check
// after every phase that nothing else changed (sim/simulation.cpp). open_public_events() writes
// the four public-event columns.
#define PUBLIC_EVENTS "has_public_events", "public_events", "reports_party_evidence", "manager_party_evidence"
#define HIRE_WRITES                                                                                          \
    "ability", "exploitative", "cooperative", "character", "return_fraction", "propensity", "belief", "hire_step",          \
        "psych_safety", "felt_trust", "engagement", "error_rate", "performance", "turnover_intent",           \
        "latent_errors", "latent_cover", "pending_voice", "pending_report", "pending_discovered",             \
        "help_competence_loss", "helps_given", "helps_received"
const std::vector<std::string> events_writes = {HIRE_WRITES, "style", "evidence", "forced_discovery", "trust_in_manager",
                                                "negotiation_memory"};
const std::vector<std::string> environment_writes = {"belief", "environment_state", "has_public_events"};
const std::vector<std::string> manager_writes = {
    PUBLIC_EVENTS, "belief", "decision_quality", "decision_success", "error_rate", "help_edge[0]", "idea_praised",
    "innovation_stock", "latent_cover", "offered_stake", "own_errors", "responses_constructive", "responses_punitive",
    "safety_constructive", "safety_events",
    // the idea pipeline (models/ideas/), only with ideas.enabled
    "own_idea", "forwarded_idea[0]", "forwarded_idea[1]", "forwarded_hops[0]", "forwarded_hops[1]", "ideas_judged",
    "ideas_accepted", "forwards_judged", "forwards_accepted"};
const std::vector<std::string> employee_writes = {
    PUBLIC_EVENTS, "exchange_payoff", "exchange_return", "had_idea", "help_edge[1]", "idea_quality", "latent_errors",
    "own_errors", "pending_discovered", "pending_report", "pending_voice", "task_outcome", "voiced", "voiced_estimate"};
const std::vector<std::string> help_writes = {"help_result[0]", "help_result[1]"};
const std::vector<std::string> trust_writes = {"evidence", "trust_in_manager", "team_trust_edges_as_leader",
                                               "team_trust_edges_as_member", "team_trust_sum_as_leader",
                                               "team_trust_sum_as_member", "relayed_stories"};
const std::vector<std::string> climate_writes = {"reported_in_team", "safety_signal", "truster_payoff"};
const std::vector<std::string> outcome_writes = {"engagement", "error_rate", "felt_trust", "performance",
                                                 "psych_safety", "quit", "turnover_intent"};
const std::vector<std::string> measure_writes = {
    "out_psych_safety", "out_psafe_agreement", "out_intrateam_trust", "out_trust_in_manager", "out_engagement",
    "out_performance", "out_reported_errors", "out_latent_errors", "out_learning_behaviour"};
const std::vector<std::string> replacement_writes = {HIRE_WRITES, "evidence", "trust_in_manager", "negotiation_memory"};
const std::vector<std::string> cascade_writes = {"style", "help_competence_loss"};
const std::vector<std::string> help_count_writes = {"helps_given", "helps_received"};
const std::vector<std::string> negotiate_writes = {"negotiation_edge", "negotiation_sharing", "negotiation_joint",
                                                   "negotiation_max"};
const std::vector<std::string> negotiation_evidence_writes = {"evidence", "negotiation_memory"};
#undef HIRE_WRITES
#undef PUBLIC_EVENTS

}  // namespace

CoreModel::CoreModel(const ScenarioConfig& config, World& world)
    : run_(config, world), events_(run_), schema_(core_output_schema(run_.params)),
      agent_column_rows_(agent_column_rows(run_.params)), team_series_rows_(team_series_rows(run_.params)) {
    initialise(run_);
    metrics_.assign(schema_.org_series.size(), 0.0);
    auto phase = [this](const char* name, void (*fn)(CoreRun&, const StepContext&), const std::vector<std::string>& writes) {
        phases_.push_back({name, [this, fn](const StepContext& step) { fn(run_, step); }, writes});
    };
    if (!events_.empty()) {
        phases_.push_back(
            {"P0 scripted events", [this](const StepContext& step) { events_.apply(run_, step); }, events_writes});
    }
    phase("P1 environment", update_environment, environment_writes);
    phase("P2 managers", act_as_managers, manager_writes);
    phase("P3a employees", act_as_employees, employee_writes);
    phase("P3b help answers", answer_help_requests, help_writes);
    if (run_.params.modules.collaboration) phase("P3c help counts", count_helps, help_count_writes);
    if (run_.params.negotiation.enabled) phase("P3d negotiation", negotiate, negotiate_writes);
    phase("P4 trust update", observe_and_update_trust, trust_writes);
    if (run_.params.negotiation.enabled) {
        answering_ties_ = AnsweringTies(run_.network());
        phases_.push_back({"P4b negotiation evidence",
                           [this](const StepContext&) {
                               if (answering_ties_.network_version() != run_.network().version()) {
                                   answering_ties_ = AnsweringTies(run_.network());
                               }
                               record_negotiations(run_, answering_ties_);
                           },
                           negotiation_evidence_writes});
    }
    phase("P5a team climate", aggregate_teams, climate_writes);
    phase("P5b outcomes", update_outcomes, outcome_writes);
    phases_.push_back({"P5c measure",
                       [this](const StepContext& step) {
                           metrics_ = measure(run_);
                           ++weeks_measured_;
                           last_week_ = step.step;
                       },
                       measure_writes});
    phase("P5d replacement", replace_leavers, replacement_writes);
    if (run_.params.cascade.enabled) phase("P6 style cascade", cascade_styles, cascade_writes);
}

void CoreModel::org_values(std::span<double> out) const {
    std::copy(metrics_.begin(), metrics_.end(), out.begin());
}

void CoreModel::team_values(std::span<float> out) const {
    const std::size_t teams = run_.org().teams();
    for (std::size_t series = 0; series < team_series_rows_.size(); ++series) {
        const auto values = team_series_values(run_, team_series_rows_[series]);
        std::copy(values.begin(), values.end(), out.begin() + static_cast<std::ptrdiff_t>(series * teams));
    }
}

void CoreModel::agent_column(std::size_t schema_column, std::span<float> out) const {
    const std::size_t column = agent_column_rows_[schema_column];
    if (!agent_column_needs_influence(column)) {
        agent_column_values(run_, column, out);
        return;
    }
    // One PageRank per snapshot week, shared by the columns that need it.
    if (influence_week_ != weeks_measured_) {
        influence_ = influence_of(run_);
        influence_week_ = weeks_measured_;
    }
    agent_column_values(run_, column, out, influence_);
}

void CoreModel::team_attribute(std::size_t attribute, std::span<float> out) const {
    const Organisation& org = run_.org();
    for (std::uint32_t team = 0; team < org.teams(); ++team) {
        out[team] = run_.state.leadership.style[org.team_manager(team)][attribute];
    }
}

void CoreModel::edge_column(std::size_t column, std::span<float> out) const { edge_column_values(run_, column, out); }

void CoreModel::edge_values(std::size_t column, std::span<const EdgeIndex> edges, std::span<float> out) const {
    edge_column_values(run_, column, edges, out);
}

void CoreModel::edge_events(std::span<const EdgeIndex> edges, std::span<std::uint16_t> out) const {
    edge_event_bits(run_, last_week_, edges, out);
}

void CoreModel::save_state(StateSink& sink) const {
    for_each_column(run_.state, [&](const char* name, const auto& column) {
        const auto values = std::span(column);
        sink.column(name, std::as_bytes(values), sizeof(values[0]));
    });
}

void CoreModel::load_state(StateSource& source, std::uint32_t steps_done, const ScenarioConfig& saved) {
    for_each_column(run_.state, [&](const char* name, auto& column) {
        const auto values = std::span(column);
        source.column(name, std::as_writable_bytes(values), sizeof(values[0]));
    });
    // A branch with other leadership settings redraws every manager's style from them, as a run
    // starting with those settings would (styles set by earlier events are replaced too); with
    // the same settings the saved styles stay. Help-request costs follow the styles and the
    // current trust and leadership settings either way. Traits are not redrawn: new trait
    // settings apply to those hired after the branch. Power distance (and culture's style
    // scatter) follow the current culture settings the same way.
    assign_power_distance(run_);
    const CoreParameters before(saved.parameters);
    if (!(before.leadership == run_.params.leadership) || !before.culture.same_styles(run_.params.culture)) {
        draw_initial_styles(run_);
    }
    for (AgentIndex i = 0; i < run_.org().agents(); ++i) set_help_cost(run_, i);
    events_.resume(run_, steps_done, CoreParameters(saved.parameters).events);
    last_week_ = steps_done;
    // Without an events phase (a branch that drops the events) nothing would clear a scandal's
    // flags of the checkpoint's week, which the next week's P0 clears in the original run.
    if (events_.empty()) std::fill(run_.state.events.forced_discovery.begin(), run_.state.events.forced_discovery.end(), 0);
}

}  // namespace trustsim::core
