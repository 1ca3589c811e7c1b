// The idea pipeline's state columns (models/ideas/), by team: written in P2 by the team's
// manager, used only with ideas.enabled. CoreState holds one of these; its columns keep the flat
// names checkpoints use.
#pragma once

#include <cstdint>
#include <vector>

namespace trustsim::core {

struct IdeasState {
    std::vector<float> own_idea;  ///< quality of the manager's own idea, NaN = none
    /// The manager's forward slot, by week parity: the idea it sends its boss (NaN = none) and the
    /// levels it will have travelled when the boss reviews it (next week's P2).
    std::vector<float> forwarded_idea[2];
    std::vector<std::uint8_t> forwarded_hops[2];
    std::vector<float> judged, accepted, forwards_judged, forwards_accepted;  ///< this week's counts

    template <class Self, class Visit>
    static void for_each_column(Self& s, Visit&& visit) {
        visit("own_idea", s.own_idea);
        visit("forwarded_idea[0]", s.forwarded_idea[0]);
        visit("forwarded_idea[1]", s.forwarded_idea[1]);
        visit("forwarded_hops[0]", s.forwarded_hops[0]);
        visit("forwarded_hops[1]", s.forwarded_hops[1]);
        visit("ideas_judged", s.judged);
        visit("ideas_accepted", s.accepted);
        visit("forwards_judged", s.forwards_judged);
        visit("forwards_accepted", s.forwards_accepted);
    }
};

}  // namespace trustsim::core
