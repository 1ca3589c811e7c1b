// What managers own (P2, models/leadership/): their style, their decisions and concealed errors,
// the messages they leave in their reports' inboxes, and their team's decision, innovation and
// safety-event tallies. Inbox columns are indexed by the report and written only by its manager;
// team columns are indexed by team. CoreState holds one of these; its columns keep the flat
// names checkpoints use.
#pragma once

#include "models/leadership/styles.hpp"

#include <cstdint>
#include <vector>

namespace trustsim::core {

struct LeadershipState {
    std::vector<Style> style;                    ///< meaningful for managers
    std::vector<std::uint8_t> decision_success;  ///< this week's decision succeeded
    std::vector<std::uint32_t> latent_cover;     ///< concealed own errors

    // inbox (indexed by report)
    std::vector<float> offered_stake;  ///< exchange stake x from the manager, 0 = none
    std::vector<std::uint8_t> responses_constructive, responses_punitive, idea_praised;

    // teams (indexed by team)
    std::vector<float> innovation_stock, decision_quality;
    std::vector<std::uint16_t> safety_events, safety_constructive;  ///< the manager's share of S_T

    template <class Self, class Visit>
    static void for_each_column(Self& s, Visit&& visit) {
        visit("style", s.style);
        visit("decision_success", s.decision_success);
        visit("latent_cover", s.latent_cover);
        visit("offered_stake", s.offered_stake);
        visit("responses_constructive", s.responses_constructive);
        visit("responses_punitive", s.responses_punitive);
        visit("idea_praised", s.idea_praised);
        visit("innovation_stock", s.innovation_stock);
        visit("decision_quality", s.decision_quality);
        visit("safety_events", s.safety_events);
        visit("safety_constructive", s.safety_constructive);
    }
};

}  // namespace trustsim::core
