// The environment's state (P1, models/environment/): the task-relevant state theta* and every
// agent's belief about it. Beliefs are corrected by managers' self-reflection in P2 too.
// CoreState holds one of these; its columns keep the flat names checkpoints use.
#pragma once

#include <span>
#include <vector>

namespace trustsim::core {

struct EnvironmentState {
    std::vector<float> belief;  ///< x_i
    double theta_star = 0;      ///< theta*, org level

    template <class Self, class Visit>
    static void for_each_column(Self& s, Visit&& visit) {
        visit("belief", s.belief);
        auto theta = std::span(&s.theta_star, 1);
        visit("environment_state", theta);
    }
};

}  // namespace trustsim::core
