#include "models/outcomes/parameters.hpp"

namespace trustsim {

void visit(SchemaVisitor& v, PsychSafetyConfig& c) {
    v.field("initial", c.initial, Range::unit());
    v.field("rate", c.rate, Range::unit());
    v.field("negativity", c.negativity, Range::at_least(0));
    // A downward step of gamma*kappa > 1 overshoots the target and can leave [0,1].
    v.check(c.rate * c.negativity <= 1, {"negativity", "rate"},
            "rate * negativity must be <= 1 (a larger downward step overshoots and can push psi below 0), got " +
                format_exact(c.rate) + " * " + format_exact(c.negativity));
}

void visit(SchemaVisitor& v, OutcomesConfig& c) {
    v.field("initial_engagement", c.initial_engagement, Range::unit());
    v.field("initial_felt_trust", c.initial_felt_trust, Range::unit());
    v.field("felt_trust_rate", c.felt_trust_rate, Range::unit());
    v.field("engagement_rate", c.engagement_rate, Range::unit());
    v.field("engagement_intercept", c.engagement_intercept, Range::any());
    v.field("engagement_trust", c.engagement_trust, Range::any());
    v.field("engagement_safety", c.engagement_safety, Range::any());
    v.field("engagement_felt_trust", c.engagement_felt_trust, Range::any());
    v.field("engagement_success", c.engagement_success, Range::any());
    v.field("engagement_blame", c.engagement_blame, Range::any());
    v.field("base_productivity", c.base_productivity, Range::at_least(0));
    v.field("engagement_productivity", c.engagement_productivity, Range::at_least(0));
    v.field("decision_quality_weight", c.decision_quality_weight, Range::at_least(0));
    v.field("error_cost", c.error_cost, Range::at_least(0));
    v.field("performance_noise_sd", c.performance_noise_sd, Range::at_least(0));
    v.field("coordination_gain", c.coordination_gain, Range::at_least(0));
    v.field("quit_base_hazard", c.quit_base_hazard, Range::unit());
    v.field("quit_sensitivity", c.quit_sensitivity, Range::at_least(0));
    // Person-level terms on the logit scale; beyond 3 they would swamp every modelled cause.
    v.field("engagement_disposition_sd", c.engagement_disposition_sd, Range::closed(0, 3));
    v.field("outside_option_sd", c.outside_option_sd, Range::closed(0, 3));
}

}  // namespace trustsim
