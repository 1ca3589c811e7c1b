#include "models/gossip/relay_table.hpp"

#include "sim/parallel.hpp"

#include <stdexcept>
#include <string>

namespace trustsim::core {

namespace {

/// Calls found(edge e of i's row, offset of a relay of e within the row) for every relay of every
/// edge of agent i's row, edge by edge, relays in increasing id: i's out-row (sorted by target) is
/// merged with each subject's in-list (sorted by source).
template <class Found>
void find_relays(const TrustNetwork& net, AgentIndex i, Found&& found) {
    const EdgeIndex first = net.row_begin(i);
    const EdgeIndex last = net.row_end(i);
    for (EdgeIndex e = first; e < last; ++e) {
        const AgentIndex subject = net.target(e);
        EdgeIndex out = first;
        EdgeIndex in = net.in_begin(subject);
        const EdgeIndex in_end = net.in_end(subject);
        while (out < last && in < in_end) {
            const AgentIndex relay = net.target(out);
            const AgentIndex witness = net.in_source(in);
            if (relay == witness) found(e, out - first);
            out += relay <= witness ? 1 : 0;
            in += witness <= relay ? 1 : 0;
        }
    }
}

}  // namespace

RelayTable::RelayTable(const TrustNetwork& net) {
    const AgentIndex agents = net.agents();
    for (AgentIndex i = 0; i < agents; ++i) {
        if (net.row_end(i) - net.row_begin(i) > 256) {
            throw std::length_error("gossip: agent " + std::to_string(i) + " has more than 256 out-edges");
        }
    }
    count_.assign(net.edges(), 0);
    std::vector<EdgeIndex> row_relays(agents);
    for_each_agent(agents, [&](std::size_t i) {
        EdgeIndex total = 0;
        find_relays(net, static_cast<AgentIndex>(i), [&](EdgeIndex e, EdgeIndex) {
            ++count_[e];
            ++total;
        });
        row_relays[i] = total;
    });
    row_start_.assign(static_cast<std::size_t>(agents) + 1, 0);
    for (AgentIndex i = 0; i < agents; ++i) row_start_[i + 1] = row_start_[i] + row_relays[i];
    position_.assign(row_start_[agents], 0);
    for_each_agent(agents, [&](std::size_t i) {
        EdgeIndex next = row_start_[i];
        find_relays(net, static_cast<AgentIndex>(i),
                    [&](EdgeIndex, EdgeIndex offset) { position_[next++] = static_cast<std::uint8_t>(offset); });
    });
}

}  // namespace trustsim::core
