#include "python/memory_recorder.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace trustsim::python {
namespace {

template <class T>
void append(std::vector<T>& to, const std::vector<T>& row) {
    to.insert(to.end(), row.begin(), row.end());
}

}  // namespace

bool MemoryRecorder::due(std::uint32_t step, std::uint32_t every) const noexcept {
    return every > 0 && (step % every == 0 || step == run_.steps_planned);
}

void MemoryRecorder::on_start(const RunInfo& info, const World& world, const Model& model) {
    const ScenarioConfig& config = *info.config;
    run_.scenario_name = config.name;
    run_.model = config.model;
    run_.config_yaml = info.resolved_config_yaml;
    run_.seed = config.seed;
    run_.replicate = config.replicate;
    run_.threads = info.threads;
    run_.agents = world.organisation.agents();
    run_.teams = world.organisation.teams();
    run_.edges = world.network.edges();
    run_.steps_planned = info.steps_planned;
    run_.steps_before = info.steps_before;
    run_.schema = model.schema();
    run_.tables = output_tables(info.week0_organisation ? *info.week0_organisation : world.organisation,
                                info.week0_network ? *info.week0_network : world.network, model);

    const OutputSchema& schema = run_.schema;
    org_row_.resize(schema.org_series.size());
    if (output_.team_series) {
        run_.team_values.resize(schema.team_series.size());
        team_rows_.resize(schema.team_series.size() * run_.teams);
    }
    if (output_.agent_snapshot_every > 0) {
        run_.agent_values.resize(schema.agent_columns.size());
        if (schema.edge_slots > 0) run_.agent_structure.resize(structure_columns.size());
    }
    if (output_.edge_snapshot_every > 0) {
        // Merges and splits add ties: the snapshots are as wide as the network can become.
        run_.edge_width = edge_snapshot_width(schema, world.network);
        run_.edge_values.resize(schema.edge_columns.size());
    }
}

void MemoryRecorder::on_step(const StepView& view) {
    run_.org_step.push_back(static_cast<std::int32_t>(view.step));
    view.model.org_values(org_row_);
    append(run_.org_values, org_row_);
    if (!run_.team_values.empty()) {
        view.model.team_values(team_rows_);
        const std::size_t teams = run_.teams;
        for (std::size_t s = 0; s < run_.team_values.size(); ++s) {
            const auto first = team_rows_.begin() + static_cast<std::ptrdiff_t>(s * teams);
            run_.team_values[s].insert(run_.team_values[s].end(), first, first + static_cast<std::ptrdiff_t>(teams));
        }
    }
    if (due(view.step, output_.agent_snapshot_every)) record_agent_snapshot(view);
    if (due(view.step, output_.edge_snapshot_every)) record_edge_snapshot(view);
}

void MemoryRecorder::record_agent_snapshot(const StepView& view) {
    run_.agent_step.push_back(static_cast<std::int32_t>(view.step));
    const Organisation& org = view.world.organisation;
    row_.resize(org.agents());
    for (std::size_t c = 0; c < run_.agent_values.size(); ++c) {
        view.model.agent_column(c, row_);
        append(run_.agent_values[c], row_);
    }
    for (std::size_t c = 0; c < run_.agent_structure.size(); ++c) {
        append(run_.agent_structure[c], structure_values(structure_columns[c], org));
    }
}

void MemoryRecorder::record_edge_snapshot(const StepView& view) {
    run_.edge_step.push_back(static_cast<std::int32_t>(view.step));
    const TrustNetwork& net = view.world.network;
    const OutputSchema& schema = view.model.schema();
    // (Gathering the targets first checks that the network fits before a row is cut to it.)
    const std::vector<std::uint32_t> targets =
        schema.topology_may_change ? padded_edge_targets(net, run_.edge_width) : std::vector<std::uint32_t>{};
    row_.assign(run_.edge_width, std::numeric_limits<float>::quiet_NaN());
    for (std::size_t c = 0; c < run_.edge_values.size(); ++c) {
        view.model.edge_column(c, std::span(row_).first(net.edges()));
        append(run_.edge_values[c], row_);
    }
    if (schema.edge_slots > 0) append(run_.edge_sources, padded_edge_sources(net, run_.edge_width));
    append(run_.edge_targets, targets);
}

void MemoryRecorder::on_finish(std::uint32_t steps_completed, bool completed) {
    run_.steps_completed = steps_completed;
    run_.completed = completed && steps_completed == run_.steps_planned;
}

}  // namespace trustsim::python
