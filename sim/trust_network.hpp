// The directed trust network's topology: CSR rows of out-edges (i -> j: i's trust in j), plus the
// transpose for incoming edges.
//
//   row_offsets [N+1]  -> col_index [E]  target agent j, rows sorted by j
//                         kind      [E]  EdgeKind bit flags (1 byte)
//                         reverse   [E]  index of j -> i, or no_edge
//   in_offsets  [N+1]  -> in_source [E], in_edge [E]   (transpose, rows sorted by source)
//
// What an edge holds (the model's trust evidence, say) is the model's state: per-edge columns
// indexed by the edge index, so aligned with col_index. A row is owned by its source agent: a
// parallel phase writes only the rows of the agents it iterates. The topology is fixed for a
// run; a leaver is replaced in the same slot and only its edges' state resets.
#pragma once

#include "sim/organisation.hpp"
#include "sim/rng.hpp"

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace trustsim {

inline constexpr EdgeIndex no_edge = std::numeric_limits<EdgeIndex>::max();

/// Why an edge exists; an edge can be several of these at once (a lateral draw may duplicate a
/// formal tie), so they are bit flags.
namespace EdgeKind {
inline constexpr std::uint8_t to_manager = 1;  ///< j is i's manager
inline constexpr std::uint8_t to_report = 2;   ///< j is one of i's direct reports
inline constexpr std::uint8_t lateral = 4;     ///< informal tie drawn by i
inline constexpr std::uint8_t same_team = 8;   ///< j and i share a manager (co-workers)
}  // namespace EdgeKind

struct NetworkParameters {
    std::uint32_t k_lat = 6;  ///< lateral draws per agent
    double p_local = 0.8;     ///< probability a draw lands in the agent's department
};

class TrustNetwork {
  public:
    /// Builds the union of up, down and lateral ties. Lateral draws use the engine's
    /// `lateral_wiring` stream of each agent, so the network depends only on (key, parameters).
    TrustNetwork(const Organisation& organisation, const NetworkParameters& parameters, RngKey key);

    std::uint32_t agents() const noexcept { return static_cast<std::uint32_t>(row_offsets_.size() - 1); }
    std::size_t edges() const noexcept { return col_index_.size(); }

    EdgeIndex row_begin(AgentIndex i) const noexcept { return row_offsets_[i]; }
    EdgeIndex row_end(AgentIndex i) const noexcept { return row_offsets_[i + 1]; }
    AgentIndex target(EdgeIndex e) const noexcept { return col_index_[e]; }
    std::uint8_t kind(EdgeIndex e) const noexcept { return kind_[e]; }
    EdgeIndex reverse(EdgeIndex e) const noexcept { return reverse_[e]; }
    /// The edge i -> j, or no_edge.
    EdgeIndex find(AgentIndex i, AgentIndex j) const noexcept;
    /// The edge from i to its manager (no_edge for the CEO).
    EdgeIndex edge_to_manager(AgentIndex i) const noexcept { return edge_to_manager_[i]; }
    /// The edge from i's manager to i (no_edge for the CEO).
    EdgeIndex edge_from_manager(AgentIndex i) const noexcept { return edge_from_manager_[i]; }

    EdgeIndex in_begin(AgentIndex j) const noexcept { return in_offsets_[j]; }
    EdgeIndex in_end(AgentIndex j) const noexcept { return in_offsets_[j + 1]; }
    AgentIndex in_source(EdgeIndex position) const noexcept { return in_source_[position]; }
    EdgeIndex in_edge(EdgeIndex position) const noexcept { return in_edge_[position]; }

    std::span<const EdgeIndex> row_offsets() const noexcept { return row_offsets_; }
    std::span<const AgentIndex> col_index() const noexcept { return col_index_; }
    std::span<const std::uint8_t> kinds() const noexcept { return kind_; }

    /// Bytes held by the network's arrays (for the memory report).
    std::size_t memory_bytes() const noexcept;

  private:
    std::vector<EdgeIndex> row_offsets_;
    std::vector<AgentIndex> col_index_;
    std::vector<std::uint8_t> kind_;
    std::vector<EdgeIndex> reverse_;
    std::vector<EdgeIndex> edge_to_manager_;
    std::vector<EdgeIndex> edge_from_manager_;
    std::vector<EdgeIndex> in_offsets_;
    std::vector<AgentIndex> in_source_;
    std::vector<EdgeIndex> in_edge_;
};

}  // namespace trustsim
