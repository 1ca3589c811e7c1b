#include "models/interactions/parameters.hpp"

namespace trustsim {

void visit(SchemaVisitor& v, ErrorsConfig& c) {
    v.field("discovery_probability", c.discovery_probability, Range::unit());
    v.field("latent_hazard", c.latent_hazard, Range::unit());
    // Logit coefficients are left unbounded so that sensitivity runs may flip a sign.
    v.field("report_intercept", c.report_intercept, Range::any());
    v.field("report_safety", c.report_safety, Range::any());
    v.field("report_trust", c.report_trust, Range::any());
    v.field("team_learning", c.team_learning, Range::unit());
}

void visit(SchemaVisitor& v, InteractionsConfig& c) {
    v.field("need_probability", c.need_probability, Range::unit());
    v.field("help_intercept", c.help_intercept, Range::any());
    v.field("help_safety", c.help_safety, Range::any());
    v.field("help_trust", c.help_trust, Range::any());
    v.field("help_received_gain", c.help_received_gain, Range::at_least(0));
    v.field("idea_rate", c.idea_rate, Range::at_least(0));
    v.field("voice_intercept", c.voice_intercept, Range::any());
    v.field("voice_safety", c.voice_safety, Range::any());
    v.field("voice_trust", c.voice_trust, Range::any());
    v.field("voice_power_distance", c.voice_power_distance, Range::any());
    v.field("innovation_gain", c.innovation_gain, Range::at_least(0));
    v.field("innovation_half_life", c.innovation_half_life, Range::above(0));
    // Below k = 1 an exchange destroys value and its payoff 0.05 (k-1) x turns negative.
    v.field("exchange_multiplier", c.exchange_multiplier, Range::at_least(1));
    v.field("felt_trust_effect", c.felt_trust_effect, Range::at_least(0));
    v.field("relationship_effect", c.relationship_effect, Range::at_least(0));
    v.field("exploit_probability", c.exploit_probability, Range::unit());
    v.field("exchange_payoff_scale", c.exchange_payoff_scale, Range::at_least(0));
}

}  // namespace trustsim
