// The leadership section of a scenario: the six style dimensions (A.4), how managers get a
// style, and the leaders' decision and learning parameters. Schema in parameters.cpp.
#pragma once

#include "sim/schema.hpp"

#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace trustsim {

/// The six leadership dimensions of A.4, each in [0,1]: the one list of them. Each entry is
/// (member name, A.4 symbol); StyleVector, the schema, the style draw and the team attributes in
/// the output are all generated from it.
#define TRUSTSIM_STYLE_DIMENSIONS(X)    \
    X(self_reflection, "sigma")         \
    X(balanced_perspective, "beta")     \
    X(self_confidence, "kappa")         \
    X(humility, "eta")                  \
    X(infallibility, "iota")            \
    X(trust_first, "phi")

struct StyleDimension {
    const char* name;    ///< YAML key and output name, e.g. "humility"
    const char* symbol;  ///< A.4 symbol, e.g. "eta"
};

#define TRUSTSIM_STYLE_DIMENSION_ENTRY(name, symbol) StyleDimension{#name, symbol},
inline constexpr StyleDimension style_dimensions[] = {TRUSTSIM_STYLE_DIMENSIONS(TRUSTSIM_STYLE_DIMENSION_ENTRY)};
#undef TRUSTSIM_STYLE_DIMENSION_ENTRY
inline constexpr std::size_t style_dimension_count = std::size(style_dimensions);

/// One value of type T per style dimension, by name (style.humility) or by position in
/// style_dimensions (style[d]).
template <class T>
struct StyleVector {
#define TRUSTSIM_STYLE_MEMBER(name, symbol) T name{};
    TRUSTSIM_STYLE_DIMENSIONS(TRUSTSIM_STYLE_MEMBER)
#undef TRUSTSIM_STYLE_MEMBER

    bool operator==(const StyleVector&) const = default;
    T& operator[](std::size_t d) { return this->*members[d]; }
    const T& operator[](std::size_t d) const { return this->*members[d]; }

  private:
#define TRUSTSIM_STYLE_MEMBER_POINTER(name, symbol) &StyleVector::name,
    static constexpr T StyleVector::*members[] = {TRUSTSIM_STYLE_DIMENSIONS(TRUSTSIM_STYLE_MEMBER_POINTER)};
#undef TRUSTSIM_STYLE_MEMBER_POINTER
};

/// A style as presets and the scenario give it.
using LeadershipStyle = StyleVector<double>;

/// Per-dimension overrides applied after the draw; an empty one keeps the drawn value.
using StyleOverrides = StyleVector<std::optional<double>>;

/// How managers get their style. `single`: every manager uses `style`. `categorical`: each
/// manager draws one of `mix` with probability proportional to its weight. `blend`: each manager
/// draws w ~ U(0,1) and takes w*to + (1-w)*from, dimension by dimension.
enum class StyleDistribution { single, categorical, blend };

struct StyleWeight {
    std::string style;  ///< a preset name from the leadership registry
    double weight = 1;  ///< > 0, relative
    bool operator==(const StyleWeight&) const = default;
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
    bool operator==(const LeadershipConfig&) const = default;
};

/// The noun of the leadership presets' name list (ConfigVocabulary::name_lists): style fields
/// must name a preset, and messages say "unknown leadership style".
inline constexpr const char* style_names_noun = "leadership style";

/// The schema of each section (keys, types, ranges), for the engine's reader, writer and catalogue.
void visit(SchemaVisitor& v, StyleWeight& c);
void visit(SchemaVisitor& v, StyleOverrides& c);
void visit(SchemaVisitor& v, LeadershipConfig& c);

}  // namespace trustsim
