// The negotiation module's state columns (models/negotiation/): sized in every run so that a
// checkpoint taken with the module off can be continued with it on, used only when it is on.
// CoreState holds one of these; its columns keep the flat names checkpoints use.
#pragma once

#include "sim/rng.hpp"

#include <cstdint>
#include <vector>

namespace trustsim::core {

struct NegotiationState {
    /// Per edge, aligned with the evidence: 1 if the other side shared its priorities the last
    /// time these two negotiated (whoever opened). Written only by the row's owner (P4b).
    std::vector<std::uint8_t> memory;
    /// The negotiation this agent opened this week (P3d): the edge to its partner (no_edge if
    /// none), who shared (NegotiationSharing bits), the joint value and its Pareto maximum.
    std::vector<EdgeIndex> edge;
    std::vector<std::uint8_t> sharing;
    std::vector<float> joint, max;

    template <class Self, class Visit>
    static void for_each_column(Self& s, Visit&& visit) {
        visit("negotiation_memory", s.memory);
        visit("negotiation_edge", s.edge);
        visit("negotiation_sharing", s.sharing);
        visit("negotiation_joint", s.joint);
        visit("negotiation_max", s.max);
    }
};

}  // namespace trustsim::core
