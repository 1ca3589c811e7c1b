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
    record_static(info.week0_organisation ? *info.week0_organisation : world.organisation, model,
                  info.week0_network ? *info.week0_network : world.network);

    const OutputSchema& schema = run_.schema;
    org_row_.resize(schema.org_series.size());
    if (output_.team_series) {
        run_.team_values.resize(schema.team_series.size());
        team_rows_.resize(schema.team_series.size() * run_.teams);
    }
    if (output_.agent_snapshot_every > 0) {
        run_.agent_values.resize(schema.agent_columns.size());
        if (schema.edge_slots > 0) run_.agent_structure.resize(std::size(agent_structure_names));
    }
    if (output_.edge_snapshot_every > 0) {
        // Merges and splits add ties: the snapshots are as wide as the network can become.
        run_.edge_width = schema.edge_slots > 0 ? schema.edge_slots : world.network.edges();
        run_.edge_values.resize(schema.edge_columns.size());
    }
}

void MemoryRecorder::record_static(const Organisation& org, const Model& model, const TrustNetwork& net) {
    const std::uint32_t n = org.agents();
    run_.parent.resize(n);
    run_.depth.resize(n);
    run_.is_manager.resize(n);
    run_.team.resize(n);
    run_.leads_team.resize(n);
    for (AgentIndex i = 0; i < n; ++i) {
        run_.parent[i] = org.parent(i);
        run_.depth[i] = org.depth(i);
        run_.is_manager[i] = org.is_manager(i) ? 1 : 0;
        run_.team[i] = org.member_of_team(i);
        run_.leads_team[i] = org.leads_team(i);
    }
    run_.names = org.names();
    run_.events = model.event_table();

    const std::uint32_t teams = org.teams();
    run_.team_manager.resize(teams);
    run_.team_size.resize(teams);
    run_.team_depth.resize(teams);
    for (std::uint32_t t = 0; t < teams; ++t) {
        run_.team_manager[t] = org.team_manager(t);
        run_.team_size[t] = org.team_vacant(t) ? 0 : org.report_count(run_.team_manager[t]);
        run_.team_depth[t] = org.team_vacant(t) ? 0 : org.depth(run_.team_manager[t]);
    }
    const OutputSchema& schema = model.schema();
    run_.team_attributes.assign(schema.team_attributes.size(), std::vector<float>(teams));
    for (std::size_t a = 0; a < schema.team_attributes.size(); ++a) model.team_attribute(a, run_.team_attributes[a]);

    const auto offsets = net.row_offsets();
    run_.row_offsets.assign(offsets.begin(), offsets.end());
    run_.col_index.assign(net.col_index().begin(), net.col_index().end());
    run_.kind.assign(net.kinds().begin(), net.kinds().end());
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
    if (run_.agent_structure.empty()) return;
    for (AgentIndex i = 0; i < org.agents(); ++i) {
        run_.agent_structure[0].push_back(org.parent(i));
        run_.agent_structure[1].push_back(org.member_of_team(i));
        run_.agent_structure[2].push_back(org.leads_team(i));
    }
}

void MemoryRecorder::record_edge_snapshot(const StepView& view) {
    run_.edge_step.push_back(static_cast<std::int32_t>(view.step));
    const TrustNetwork& net = view.world.network;
    const std::size_t edges = net.edges();
    if (edges > run_.edge_width) {
        throw std::logic_error("the network has " + std::to_string(edges) + " edges, more than the " +
                               std::to_string(run_.edge_width) + " the edge snapshots were sized for");
    }
    row_.assign(run_.edge_width, std::numeric_limits<float>::quiet_NaN());
    for (std::size_t c = 0; c < run_.edge_values.size(); ++c) {
        view.model.edge_column(c, std::span(row_).first(edges));
        append(run_.edge_values[c], row_);
    }
    const OutputSchema& schema = view.model.schema();
    if (!schema.topology_may_change) return;
    if (schema.edge_slots == 0) {
        run_.edge_targets.insert(run_.edge_targets.end(), net.col_index().begin(), net.col_index().end());
        return;
    }
    std::vector<std::uint32_t> ends(run_.edge_width, no_manager);
    for (AgentIndex i = 0; i < net.agents(); ++i) {
        for (EdgeIndex e = net.row_begin(i); e < net.row_end(i); ++e) ends[e] = i;
    }
    append(run_.edge_sources, ends);
    std::copy(net.col_index().begin(), net.col_index().end(), ends.begin());
    append(run_.edge_targets, ends);
}

void MemoryRecorder::on_finish(std::uint32_t steps_completed, bool completed) {
    run_.steps_completed = steps_completed;
    run_.completed = completed && steps_completed == run_.steps_planned;
}

}  // namespace trustsim::python
