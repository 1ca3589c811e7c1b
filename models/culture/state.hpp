// The culture module's state (models/culture/): set at week 0 in every run. CoreState holds one
// of these; its column keeps the flat name checkpoints use.
#pragma once

#include <vector>

namespace trustsim::core {

struct CultureState {
    /// chi_i, the power distance of the agent's unit; the organisation's chi when the module is
    /// off (and then not read).
    std::vector<float> power_distance;

    template <class Self, class Visit>
    static void for_each_column(Self& s, Visit&& visit) {
        visit("power_distance", s.power_distance);
    }
};

}  // namespace trustsim::core
