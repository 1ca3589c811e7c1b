// What every output of a run holds besides the model's series, computed in one place for the
// HDF5 file (sim/hdf5/recorder.*) and the in-memory result of the Python binding
// (python/memory_recorder.*): the static hierarchy and network of week 0 (/agents, /team,
// /network, /events), who manages whom at a snapshot, and the ends of a snapshot's edges
// (docs/hdf5-layout.md).
#pragma once

#include "sim/model.hpp"
#include "sim/organisation.hpp"
#include "sim/trust_network.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace trustsim {

/// The static part of a run's output.
struct OutputTables {
    // /agents
    std::vector<std::int32_t> parent, team, leads_team;
    std::vector<std::uint32_t> depth;
    std::vector<std::uint8_t> is_manager;
    std::vector<std::string> names;  ///< explicit organisations only
    // /team (a slot reserved for a split: manager no_manager, size and depth 0)
    std::vector<std::uint32_t> team_manager, team_size, team_depth;
    std::vector<std::vector<float>> team_style;  ///< one per OutputSchema::team_attributes, [team]
    // /network
    std::vector<std::uint64_t> row_offsets;
    std::vector<std::uint32_t> col_index;
    std::vector<std::uint8_t> kind;
    // /events
    std::vector<EventRow> events;

    std::size_t bytes() const noexcept;
};

/// The tables of `organisation` and `network` as they are (week 0's, for a run continued from
/// a checkpoint too) and of the model's leaders' styles and events.
OutputTables output_tables(const Organisation& organisation, const TrustNetwork& network, const Model& model);

/// Who manages whom at a snapshot, written when merges and splits may change it.
struct StructureColumn {
    const char* name;
    const char* units;
    const char* description;
    std::int32_t (*value)(const Organisation&, AgentIndex);
};
extern const std::array<StructureColumn, 3> structure_columns;

/// A structure column's value for every agent.
std::vector<std::int32_t> structure_values(const StructureColumn& column, const Organisation& organisation);

/// Edge snapshots' width: the network's edges, or OutputSchema::edge_slots when merges and
/// splits may add ties.
std::size_t edge_snapshot_width(const OutputSchema& schema, const TrustNetwork& network);

/// The sources (or targets) of the network's edges in CSR order, padded to `width` with
/// no_manager (4294967295). Throws std::logic_error when the network has more edges than `width`.
std::vector<std::uint32_t> padded_edge_sources(const TrustNetwork& network, std::size_t width);
std::vector<std::uint32_t> padded_edge_targets(const TrustNetwork& network, std::size_t width);

}  // namespace trustsim
