// The collaboration module's state (P3c, models/collaboration/; output only). CoreState holds one
// of these; its columns keep the flat names checkpoints use.
#pragma once

#include <cstdint>
#include <vector>

namespace trustsim::core {

struct CollaborationState {
    /// Agreed help requests as helper and as asker since hire (modules.collaboration).
    std::vector<std::uint32_t> helps_given, helps_received;

    template <class Self, class Visit>
    static void for_each_column(Self& s, Visit&& visit) {
        visit("helps_given", s.helps_given);
        visit("helps_received", s.helps_received);
    }
};

}  // namespace trustsim::core
