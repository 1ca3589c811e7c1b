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
#include <utility>
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

/// An explicit organisation's lateral ties (source, target), used instead of drawn ones.
using ListedTies = std::vector<std::pair<AgentIndex, AgentIndex>>;

/// A lateral tie moved to a new target by a reorganisation.
struct TieMove {
    EdgeIndex edge;
    AgentIndex target;
};

class TrustNetwork {
  public:
    /// Builds the union of up, down and lateral ties. Lateral draws use the engine's
    /// `lateral_wiring` stream of each agent, so the network depends only on (key, parameters).
    TrustNetwork(const Organisation& organisation, const NetworkParameters& parameters, RngKey key);
    /// The union of up, down and the listed lateral ties (an explicit organisation; no draws).
    TrustNetwork(const Organisation& organisation, const ListedTies& ties);

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
    std::span<const EdgeIndex> reverse_index() const noexcept { return reverse_; }
    std::span<const std::uint8_t> kinds() const noexcept { return kind_; }

    /// Moves lateral ties to new targets (a reorganisation). Each moved edge must be a lateral tie
    /// and no formal one, and its new target neither its source nor already in its row. Rows keep
    /// their length (so E and row_offsets stay), their edges are re-sorted by target, and every
    /// derived index is rebuilt. Returns, for each edge index, the index it had before, so that
    /// per-edge state can follow its tie. Throws std::invalid_argument for a move that breaks a
    /// rule above.
    std::vector<EdgeIndex> move_ties(const Organisation& organisation, std::span<const TieMove> moves);
    /// Follows the hierarchy after Organisation::reassign (a merge or split of teams): every
    /// edge's formal kind is set from the new hierarchy, a former formal tie that is no longer one
    /// stays as a lateral tie (the relationship goes on), and the ties to a new manager and to
    /// new reports that are missing are added. Rows grow, so E and row_offsets change. Returns,
    /// for each edge index, the index it had before, or no_edge for an added tie.
    std::vector<EdgeIndex> restructure(const Organisation& organisation);
    /// How many times move_ties or restructure changed the topology (0: as built).
    std::uint32_t version() const noexcept { return version_; }

    /// Bytes held by the network's arrays (for the memory report).
    std::size_t memory_bytes() const noexcept;

  private:
    void derive_indices();  // the transpose, reverse edges and manager edges from the rows

    TrustNetwork(const Organisation& organisation, const NetworkParameters& parameters, RngKey key,
                 const ListedTies* listed);

    std::vector<EdgeIndex> row_offsets_;
    std::vector<AgentIndex> col_index_;
    std::vector<std::uint8_t> kind_;
    std::vector<EdgeIndex> reverse_;
    std::vector<EdgeIndex> edge_to_manager_;
    std::vector<EdgeIndex> edge_from_manager_;
    std::uint32_t version_ = 0;
    std::vector<EdgeIndex> in_offsets_;
    std::vector<AgentIndex> in_source_;
    std::vector<EdgeIndex> in_edge_;
};

/// `count` distinct edges drawn uniformly (all of them when count >= edges), in increasing order,
/// from the engine's `edge_sample` stream: the same edges for the same network and key.
std::vector<EdgeIndex> sample_edges(const TrustNetwork& network, std::uint32_t count, RngKey key);

}  // namespace trustsim
