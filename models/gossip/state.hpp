// The gossip module's state (models/gossip/): sized in every run, written in P4 only with gossip
// on. CoreState holds one of these; its column keeps the flat name checkpoints use.
#pragma once

#include <cstdint>
#include <vector>

namespace trustsim::core {

struct GossipState {
    /// This week's stories heard through relays: the relays of the agent's edges whose subject
    /// published (0 without gossip).
    std::vector<std::uint16_t> relayed_stories;

    template <class Self, class Visit>
    static void for_each_column(Self& s, Visit&& visit) {
        visit("relayed_stories", s.relayed_stories);
    }
};

}  // namespace trustsim::core
