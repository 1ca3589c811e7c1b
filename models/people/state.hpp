// Who each agent is: the traits drawn at hire (models/core/initialise.cpp, hire()) or set by the
// scenario's `people`, constant until the slot's occupant leaves. CoreState holds one of these;
// its columns keep the flat names checkpoints use.
#pragma once

#include "sim/rng.hpp"

#include <cstdint>
#include <vector>

namespace trustsim::core {

/// "Nobody" where a column names an agent (a help request's helper, a relay).
inline constexpr AgentIndex no_agent = 0xFFFFFFFFu;

struct TraitState {
    std::vector<float> ability, character, return_fraction, propensity;
    std::vector<std::uint8_t> exploitative;
    std::vector<std::uint8_t> cooperative;  ///< people.cooperative: never breaches an exchange or refuses help
    std::vector<std::int32_t> hire_step;
    /// The occupant's fixed terms of the engagement and quit logits (PersonTerms), drawn at hire:
    /// drawing them again every week from the hire week's stream cost P5b a fifth of its time.
    std::vector<double> engagement_disposition, outside_option;

    template <class Self, class Visit>
    static void for_each_column(Self& s, Visit&& visit) {
        visit("ability", s.ability);
        visit("character", s.character);
        visit("return_fraction", s.return_fraction);
        visit("propensity", s.propensity);
        visit("exploitative", s.exploitative);
        visit("cooperative", s.cooperative);
        visit("hire_step", s.hire_step);
        visit("engagement_disposition", s.engagement_disposition);
        visit("outside_option", s.outside_option);
    }
};

}  // namespace trustsim::core
