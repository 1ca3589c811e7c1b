#include "models/core/core_model.hpp"

#include "models/core/modules.hpp"
#include "models/core/phases.hpp"
#include "models/core/restored_state.hpp"
#include "models/culture/power_distance.hpp"
#include "models/trust/edge_events.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace trustsim::core {

CoreModel::CoreModel(const ScenarioConfig& config, World& world)
    : run_(config, world), events_(run_), schema_(core_output_schema(run_.params)),
      agent_column_rows_(agent_column_rows(run_.params)), team_series_rows_(team_series_rows(run_.params)) {
    initialise(run_);
    if (events_.changes_hierarchy()) schema_.edge_slots = events_.edge_bound(run_);
    metrics_.assign(schema_.org_series.size(), 0.0);
    Week week;
    if (!events_.empty()) {
        // Events hire, promote, expose and move ties: they write the columns of those acts, and
        // merges and splits move the per-agent edge indices (help requests, negotiations) with
        // their ties. The phase moves ties of the network, so the checked builds do not re-run
        // it and its reads are left undeclared.
        week.add("P0", {},
                 {"ability", "exploitative", "cooperative", "character", "return_fraction", "propensity", "belief",
                  "hire_step", "engagement_disposition", "outside_option", "psych_safety", "felt_trust", "engagement",
                  "error_rate", "performance", "turnover_intent", "latent_errors", "latent_cover", "pending_voice",
                  "pending_report", "pending_discovered", "help_competence_loss", "helps_given", "helps_received",
                  "style", "evidence", "forced_discovery", "trust_in_manager", "negotiation_memory", "help_edge[0]",
                  "help_edge[1]", "negotiation_edge"},
                 [this](const StepContext& step) { events_.apply(run_, step); },
                 /*repeatable=*/false);
    }
    week.add("P5c",
             {"ability", "belief", "decision_quality", "engagement", "environment_state", "evidence",
              "exchange_payoff", "exchange_return", "felt_trust", "had_idea", "help_edge[0]", "help_edge[1]",
              "help_result[0]", "help_result[1]", "hire_step", "innovation_stock", "latent_errors", "offered_stake",
              "own_errors", "performance", "psych_safety", "quit", "reported_in_team", "safety_signal", "style",
              "task_outcome", "team_trust_edges_as_leader", "team_trust_edges_as_member", "team_trust_sum_as_leader",
              "team_trust_sum_as_member", "trust_in_manager", "truster_payoff", "turnover_intent", "voiced"},
             {"out_psych_safety", "out_psafe_agreement", "out_intrateam_trust", "out_trust_in_manager",
              "out_engagement", "out_performance", "out_reported_errors", "out_latent_errors",
              "out_learning_behaviour", "out_ideas", "out_voice_rate"},
             [this](const StepContext& step) {
                 metrics_ = measure(run_);
                 last_week_ = step.step;
             });
    for (const CoreModule& module : core_modules()) {
        if (module.add_phases != nullptr) module.add_phases(run_, week);
    }
    phases_ = week.phases();
}

void CoreModel::org_values(std::span<double> out) const {
    std::copy(metrics_.begin(), metrics_.end(), out.begin());
}

void CoreModel::team_values(std::span<float> out) const {
    const Organisation& org = run_.org();
    const std::size_t teams = org.teams();
    for (std::size_t series = 0; series < team_series_rows_.size(); ++series) {
        const auto values = team_series_values(run_, team_series_rows_[series]);
        const std::span<float> row = out.subspan(series * teams, teams);
        std::copy(values.begin(), values.end(), row.begin());
        // A vacant slot (merged away, or a split to come) has no team to measure, whatever its
        // module's column holds (docs/hdf5-layout.md, /team).
        for (std::uint32_t team = 0; team < teams; ++team) {
            if (org.team_vacant(team)) row[team] = std::numeric_limits<float>::quiet_NaN();
        }
    }
}

void CoreModel::agent_column(std::size_t schema_column, std::span<float> out) const {
    const std::size_t column = agent_column_rows_[schema_column];
    if (!agent_column_needs_influence(column)) {
        agent_column_values(run_, column, out);
        return;
    }
    // One PageRank per snapshot week, shared by the columns that need it.
    if (influence_week_ != last_week_) {
        influence_ = influence_of(run_);
        influence_week_ = last_week_;
    }
    agent_column_values(run_, column, out, influence_);
}

void CoreModel::team_attribute(std::size_t attribute, std::span<float> out) const {
    const Organisation& org = run_.org();
    for (std::uint32_t team = 0; team < org.teams(); ++team) {
        out[team] = org.team_vacant(team) ? std::numeric_limits<float>::quiet_NaN()
                                          : run_.state.leadership.style[org.team_manager(team)][attribute];
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

void CoreModel::visit_state(const StateVisitor& visit) {
    for_each_column(run_.state, [&](const char* name, auto& column) {
        const auto values = std::span(column);
        using Element = std::remove_cvref_t<decltype(values[0])>;
        const ElementKind kind = std::is_integral_v<Element> || std::is_enum_v<Element> ? ElementKind::integer
                                 : std::is_floating_point_v<Element>                    ? ElementKind::floating
                                                                                        : ElementKind::record;
        visit(name, std::as_writable_bytes(values), sizeof(Element), kind);
    });
}

void CoreModel::load_state(StateSource& source, std::uint32_t steps_done, const ScenarioConfig& saved) {
    // The saved hierarchy and ties first: the per-edge columns are as long as the network they fit.
    events_.replay_structure(run_, steps_done, CoreParameters(saved.parameters).events);
    if (schema_.edge_slots > 0) schema_.edge_slots = std::max(schema_.edge_slots, events_.edge_bound(run_));
    for_each_column(run_.state, [&](const char* name, auto& column) {
        const auto values = std::span(column);
        source.column(name, std::as_writable_bytes(values), sizeof(values[0]));
    });
    check_restored_state(run_, steps_done);
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
