#include "sim/output_tables.hpp"

#include <algorithm>
#include <stdexcept>

namespace trustsim {

std::size_t OutputTables::bytes() const noexcept {
    std::size_t styles = 0;
    for (const auto& style : team_style) styles += 4 * style.size();
    return 4 * (parent.size() + team.size() + leads_team.size() + depth.size()) + is_manager.size() +
           4 * (team_manager.size() + team_size.size() + team_depth.size()) + styles + 8 * row_offsets.size() +
           4 * col_index.size() + kind.size();
}

OutputTables output_tables(const Organisation& org, const TrustNetwork& net, const Model& model) {
    OutputTables tables;
    const std::uint32_t n = org.agents();
    tables.parent.resize(n);
    tables.team.resize(n);
    tables.leads_team.resize(n);
    tables.depth.resize(n);
    tables.is_manager.resize(n);
    for (AgentIndex i = 0; i < n; ++i) {
        tables.parent[i] = org.parent(i);
        tables.depth[i] = org.depth(i);
        tables.is_manager[i] = org.is_manager(i) ? 1 : 0;
        tables.team[i] = org.member_of_team(i);
        tables.leads_team[i] = org.leads_team(i);
    }
    tables.names = org.names();
    tables.events = model.event_table();

    const std::uint32_t teams = org.teams();
    tables.team_manager.resize(teams);
    tables.team_size.resize(teams);
    tables.team_depth.resize(teams);
    for (std::uint32_t t = 0; t < teams; ++t) {
        tables.team_manager[t] = org.team_manager(t);
        tables.team_size[t] = org.team_vacant(t) ? 0 : org.report_count(tables.team_manager[t]);
        tables.team_depth[t] = org.team_vacant(t) ? 0 : org.depth(tables.team_manager[t]);
    }
    for (std::size_t a = 0; a < model.schema().team_attributes.size(); ++a) {
        model.team_attribute(a, tables.team_style.emplace_back(teams));
    }

    const auto offsets = net.row_offsets();
    tables.row_offsets.assign(offsets.begin(), offsets.end());
    tables.col_index.assign(net.col_index().begin(), net.col_index().end());
    tables.kind.assign(net.kinds().begin(), net.kinds().end());
    return tables;
}

const std::array<StructureColumn, 3> structure_columns{{
    {"manager", "agent id", "each agent's manager at the snapshot (-1 for the CEO); /agents/parent is week 0's",
     [](const Organisation& o, AgentIndex i) { return o.parent(i); }},
    {"team", "team index", "team each agent is a member of at the snapshot (-1 for the CEO); /agents/team is week 0's",
     [](const Organisation& o, AgentIndex i) { return o.member_of_team(i); }},
    {"leads_team", "team index", "team each agent leads at the snapshot (-1 if none); /agents/leads_team is week 0's",
     [](const Organisation& o, AgentIndex i) { return o.leads_team(i); }},
}};

std::vector<std::int32_t> structure_values(const StructureColumn& column, const Organisation& org) {
    std::vector<std::int32_t> values(org.agents());
    for (AgentIndex i = 0; i < org.agents(); ++i) values[i] = column.value(org, i);
    return values;
}

std::size_t edge_snapshot_width(const OutputSchema& schema, const TrustNetwork& net) {
    return schema.edge_slots > 0 ? schema.edge_slots : net.edges();
}

namespace {
void check_width(const TrustNetwork& net, std::size_t width) {
    if (net.edges() > width) {
        throw std::logic_error("the network has " + std::to_string(net.edges()) + " edges, more than the " +
                               std::to_string(width) + " the edge snapshots were sized for");
    }
}
}  // namespace

std::vector<std::uint32_t> padded_edge_sources(const TrustNetwork& net, std::size_t width) {
    check_width(net, width);
    std::vector<std::uint32_t> sources(width, no_manager);
    for (AgentIndex i = 0; i < net.agents(); ++i) {
        std::fill(sources.begin() + net.row_begin(i), sources.begin() + net.row_end(i), i);
    }
    return sources;
}

std::vector<std::uint32_t> padded_edge_targets(const TrustNetwork& net, std::size_t width) {
    check_width(net, width);
    std::vector<std::uint32_t> targets(width, no_manager);
    std::copy(net.col_index().begin(), net.col_index().end(), targets.begin());
    return targets;
}

}  // namespace trustsim
