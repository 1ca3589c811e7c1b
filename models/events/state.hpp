// The scripted events' state (P0, models/events/). CoreState holds one of these; its column
// keeps the flat name checkpoints use.
#pragma once

#include <cstdint>
#include <vector>

namespace trustsim::core {

struct EventsState {
    /// 1 while a scripted scandal exposes the agent: this week every concealed or latent error
    /// of it is discovered (p_disc = 1). Set and cleared by the events phase.
    std::vector<std::uint8_t> forced_discovery;

    template <class Self, class Visit>
    static void for_each_column(Self& s, Visit&& visit) {
        visit("forced_discovery", s.forced_discovery);
    }
};

}  // namespace trustsim::core
