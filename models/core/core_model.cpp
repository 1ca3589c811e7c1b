#include "models/core/core_model.hpp"

#include "models/core/phases.hpp"

#include <algorithm>
#include "sim/parallel.hpp"

namespace trustsim::core {

CoreModel::CoreModel(const ScenarioConfig& config, World& world)
    : run_(config, world), events_(run_), schema_(core_output_schema(run_.params)) {
    initialise(run_);
    metrics_.assign(schema_.org_series.size(), 0.0);
    auto phase = [this](const char* name, void (*fn)(CoreRun&, const StepContext&)) {
        phases_.push_back({name, [this, fn](const StepContext& step) { fn(run_, step); }});
    };
    if (!events_.empty()) {
        phases_.push_back({"P0 scripted events", [this](const StepContext& step) { events_.apply(run_, step); }});
    }
    phase("P1 environment", update_environment);
    phase("P2 managers", act_as_managers);
    phase("P3a employees", act_as_employees);
    phase("P3b help answers", answer_help_requests);
    phase("P4 trust update", observe_and_update_trust);
    phase("P5a team climate", aggregate_teams);
    phase("P5b outcomes", update_outcomes);
    phases_.push_back({"P5c measure", [this](const StepContext&) {
                           metrics_ = measure(run_);
                           ++weeks_measured_;
                       }});
    phase("P5d replacement", replace_leavers);
}

void CoreModel::org_values(std::span<double> out) const {
    std::copy(metrics_.begin(), metrics_.end(), out.begin());
}

void CoreModel::team_values(std::span<float> out) const {
    const std::size_t teams = run_.org().teams();
    for (std::size_t series = 0; series < schema_.team_series.size(); ++series) {
        const auto values = team_series_values(run_, series);
        std::copy(values.begin(), values.end(), out.begin() + static_cast<std::ptrdiff_t>(series * teams));
    }
}

void CoreModel::agent_column(std::size_t column, std::span<float> out) const {
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
        out[team] = run_.state.style[org.team_manager(team)][attribute];
    }
}

void CoreModel::edge_column(std::size_t column, std::span<float> out) const { edge_column_values(run_, column, out); }

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
    // settings apply to those hired after the branch.
    if (!(CoreParameters(saved.parameters).leadership == run_.params.leadership)) draw_initial_styles(run_);
    for (AgentIndex i = 0; i < run_.org().agents(); ++i) set_help_cost(run_, i);
    events_.resume(run_, steps_done);
    // Without an events phase (a branch that drops the events) nothing would clear a scandal's
    // flags of the checkpoint's week, which the next week's P0 clears in the original run.
    if (events_.empty()) std::fill(run_.state.forced_discovery.begin(), run_.state.forced_discovery.end(), 0);
}

}  // namespace trustsim::core
