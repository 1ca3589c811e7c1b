#include "models/leadership/parameters.hpp"

namespace trustsim {

void visit(SchemaVisitor& v, StyleWeight& w) {
    v.field("style", w.style, style_names_noun, Presence::required);
    v.field("weight", w.weight, Range::above(0));
}

void visit(SchemaVisitor& v, StyleOverrides& o) {
    for (std::size_t d = 0; d < style_dimension_count; ++d) {
        bool given = o[d].has_value();
        double value = o[d].value_or(0.5);
        v.optional(style_dimensions[d].name, given, value, Range::unit());
        if (given) o[d] = value;
    }
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
