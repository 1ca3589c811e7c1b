#include "models/leadership/parameters.hpp"

namespace trustsim {

void visit(SchemaVisitor& v, StyleWeight& w) {
    v.field("style", w.style, style_names_noun, Presence::required);
    v.field("weight", w.weight, Range::above(0));
}

void visit(SchemaVisitor& v, StyleOverrides& o) {
    v.optional("self_reflection", o.has_self_reflection, o.values.self_reflection, Range::unit());
    v.optional("balanced_perspective", o.has_balanced_perspective, o.values.balanced_perspective, Range::unit());
    v.optional("self_confidence", o.has_self_confidence, o.values.self_confidence, Range::unit());
    v.optional("humility", o.has_humility, o.values.humility, Range::unit());
    v.optional("infallibility", o.has_infallibility, o.values.infallibility, Range::unit());
    v.optional("trust_first", o.has_trust_first, o.values.trust_first, Range::unit());
}

void visit(SchemaVisitor& v, LeadershipConfig& c) {
    v.choice("distribution", c.distribution,
             {{"single", StyleDistribution::single},
              {"categorical", StyleDistribution::categorical},
              {"blend", StyleDistribution::blend}});
    v.field("style", c.style, style_names_noun);
    v.list("mix", c.mix);
    v.check(c.distribution != StyleDistribution::categorical || !c.mix.empty(), {"mix", "distribution"},
            "distribution 'categorical' needs at least one {style, weight} entry in leadership.mix");
    v.field("blend_from", c.blend_from, style_names_noun);
    v.field("blend_to", c.blend_to, style_names_noun);
    v.section("overrides", c.overrides, Layout::flow);
    v.field("omniscience_expectation", c.omniscience_expectation, Range::unit());
    // l > 1 would turn e_m *= (1 - sigma*l) negative.
    v.field("learning_from_error", c.learning_from_error, Range::unit());
    v.field("feedback_weight", c.feedback_weight, Range::unit());
    v.field("feedback_noise_sd", c.feedback_noise_sd, Range::at_least(0));
    v.field("confidence_bound_base", c.confidence_bound_base, Range::at_least(0));
    v.field("confidence_bound_range", c.confidence_bound_range, Range::at_least(0));
    v.field("not_invented_here_bias", c.not_invented_here_bias, Range::at_least(0));
    v.field("help_uncertainty_threshold", c.help_uncertainty_threshold, Range::at_least(0));
    v.field("decision_width", c.decision_width, Range::above(0));  // divides in Q_T
}

}  // namespace trustsim
