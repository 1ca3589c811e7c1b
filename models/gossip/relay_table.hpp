// The relays of every edge, found once per run and again after a reorganisation moves ties. A
// relay of the edge i -> j is an agent k with edges i -> k and k -> j: it witnesses j's public
// events and i hears it (models/gossip/relay.hpp). Between reorganisations the relays of an edge
// never change; only what they relay does. Finding them each week would read j's in-list at random for every published subject of
// every row, which cost about three times P4 itself at 10^6 agents; the table makes the weekly
// pass read only the listener's own row.
//
//   row_start [N+1] -> position [relays]   for row i, the relays of its edges in row order, each
//   count     [E]                          as the relay's offset in row i (so t_ik is one read
//                                          away); count[e] relays for edge e, in increasing id
//
// Offsets and counts are one byte: a row has at most span_of_control + 1 + k_lat <= 129 edges,
// and the constructor refuses a row of more than 256. At the defaults an agent has 3.4 relays
// over its 7.7 edges, so the table costs about 15 bytes per agent (15 MB at 10^6 agents); it is
// built only with gossip on.
#pragma once

#include "sim/trust_network.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace trustsim::core {

class RelayTable {
  public:
    RelayTable() = default;
    /// The relays of every edge of `network` (in parallel; the same for any thread count).
    explicit RelayTable(const TrustNetwork& network);

    /// Index into positions() of the first relay of agent i's row.
    EdgeIndex row_start(AgentIndex i) const noexcept { return row_start_[i]; }
    /// Number of relays of edge e.
    std::uint8_t count(EdgeIndex e) const noexcept { return count_[e]; }
    /// Offsets within their row of the relays, row after row, edge after edge.
    std::span<const std::uint8_t> positions() const noexcept { return position_; }

  private:
    std::vector<EdgeIndex> row_start_;
    std::vector<std::uint8_t> count_;
    std::vector<std::uint8_t> position_;
};

}  // namespace trustsim::core
