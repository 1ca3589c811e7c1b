// The leadership section of a scenario: the six style dimensions (A.4), how managers get a
// style, and the leaders' decision and learning parameters. Schema in parameters.cpp.
#pragma once

#include "sim/schema.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trustsim {

/// The six leadership dimensions of A.4, each in [0,1].
struct LeadershipStyle {
    double self_reflection = 0.5;       ///< sigma
    double balanced_perspective = 0.5;  ///< beta
    double self_confidence = 0.5;       ///< kappa
    double humility = 0.5;              ///< eta
    double infallibility = 0.5;         ///< iota
    double trust_first = 0.5;           ///< phi
};

/// Optional per-dimension overrides applied after the preset; unset fields keep the preset value.
struct StyleOverrides {
    bool has_self_reflection = false, has_balanced_perspective = false, has_self_confidence = false,
         has_humility = false, has_infallibility = false, has_trust_first = false;
    LeadershipStyle values{};
};

/// How managers get their style. `single`: every manager uses `style`. `categorical`: each
/// manager draws one of `mix` with probability proportional to its weight. `blend`: each manager
/// draws w ~ U(0,1) and takes w*to + (1-w)*from, dimension by dimension.
enum class StyleDistribution { single, categorical, blend };

struct StyleWeight {
    std::string style;  ///< a preset name from the leadership registry
    double weight = 1;  ///< > 0, relative
};

struct LeadershipConfig {
    StyleDistribution distribution = StyleDistribution::single;
    std::string style = "humble";          ///< preset for `single`
    std::vector<StyleWeight> mix;          ///< presets and weights for `categorical`
    std::string blend_from = "infallible";  ///< preset at w = 0 for `blend`
    std::string blend_to = "humble";        ///< preset at w = 1 for `blend`
    StyleOverrides overrides;               ///< applied to every manager after the draw
    double omniscience_expectation = 0.3;  ///< chi, org power distance; [0,1]
    double learning_from_error = 0.2;      ///< l, e_m *= (1 - sigma*l) after an admitted error
    double feedback_weight = 0.3;          ///< eps_feedback in the belief correction
    double feedback_noise_sd = 0.3;        ///< sd of the outcome signal theta-hat around theta*
    double confidence_bound_base = 0.1;    ///< eps0 of eps_m = eps0 + beta*d_eps
    double confidence_bound_range = 0.4;   ///< d_eps
    double not_invented_here_bias = 0.2;   ///< b_NIH
    double help_uncertainty_threshold = 0.2;  ///< |x_m - mean voiced x| that makes a manager ask
    double decision_width = 0.2;           ///< sigma_Q of Q_T = exp(-(d-theta*)^2 / 2 sigma_Q^2)
};

/// The noun of the leadership presets' name list (ConfigVocabulary::name_lists): style fields
/// must name a preset, and messages say "unknown leadership style".
inline constexpr const char* style_names_noun = "leadership style";

/// The schema of each section (keys, types, ranges), for the engine's reader, writer and catalogue.
void visit(SchemaVisitor& v, StyleWeight& c);
void visit(SchemaVisitor& v, StyleOverrides& c);
void visit(SchemaVisitor& v, LeadershipConfig& c);

}  // namespace trustsim
