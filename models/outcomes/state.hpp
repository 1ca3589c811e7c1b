// The outcomes module's state (P5, models/outcomes/): each agent's psychological safety, felt
// trust, engagement, error rate, performance and intent to leave; the team aggregates P5a
// computes for its members; and the per-team output series P5c measures. CoreState holds one of
// these; its columns keep the flat names checkpoints use.
#pragma once

#include <cstdint>
#include <vector>

namespace trustsim::core {

struct OutcomeState {
    // per agent
    std::vector<float> psych_safety, felt_trust, engagement, error_rate;
    std::vector<float> performance, turnover_intent;
    std::vector<std::uint8_t> quit;  ///< left at the end of this week (replaced in P5d)

    // teams (indexed by team, P5a)
    std::vector<float> safety_signal;  ///< S_T, or negative when the team had no events
    std::vector<std::uint16_t> reported_in_team;
    std::vector<float> truster_payoff;  ///< the manager's share of its exchanges' surplus

    // team outputs (P5c, after outcomes, before leavers are replaced)
    std::vector<float> out_psych_safety, out_psafe_agreement, out_intrateam_trust, out_trust_in_manager,
        out_engagement, out_performance, out_reported_errors, out_latent_errors, out_learning_behaviour, out_ideas,
        out_voice_rate;

    template <class Self, class Visit>
    static void for_each_column(Self& s, Visit&& visit) {
        visit("psych_safety", s.psych_safety);
        visit("felt_trust", s.felt_trust);
        visit("engagement", s.engagement);
        visit("error_rate", s.error_rate);
        visit("performance", s.performance);
        visit("turnover_intent", s.turnover_intent);
        visit("quit", s.quit);
        visit("safety_signal", s.safety_signal);
        visit("reported_in_team", s.reported_in_team);
        visit("truster_payoff", s.truster_payoff);
        visit("out_psych_safety", s.out_psych_safety);
        visit("out_psafe_agreement", s.out_psafe_agreement);
        visit("out_intrateam_trust", s.out_intrateam_trust);
        visit("out_trust_in_manager", s.out_trust_in_manager);
        visit("out_engagement", s.out_engagement);
        visit("out_performance", s.out_performance);
        visit("out_reported_errors", s.out_reported_errors);
        visit("out_latent_errors", s.out_latent_errors);
        visit("out_learning_behaviour", s.out_learning_behaviour);
        visit("out_ideas", s.out_ideas);
        visit("out_voice_rate", s.out_voice_rate);
    }
};

}  // namespace trustsim::core
