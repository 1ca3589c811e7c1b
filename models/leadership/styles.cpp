#include "models/leadership/styles.hpp"

#include <cstdio>

#include <stdexcept>

namespace trustsim::core {
namespace {

// Presets of spec A.4. "infallible": never admits error, hides failure, must always have the
// answer (the 0.9 self-confidence is a display, not ability). "humble": admits mistakes and
// limits, asks for help, shows trust first, listens to all sides, with true self-confidence.
constexpr StylePreset presets[] = {
    {"infallible", "conceals errors, blames, rarely asks or listens, shows little trust first",
     {.self_reflection = 0.1, .balanced_perspective = 0.2, .self_confidence = 0.9, .humility = 0.1,
      .infallibility = 0.9, .trust_first = 0.2}},
    {"humble", "admits errors and limits, asks for help, listens to all sides, shows trust first",
     {.self_reflection = 0.7, .balanced_perspective = 0.8, .self_confidence = 0.7, .humility = 0.8,
      .infallibility = 0.1, .trust_first = 0.8}},
};

LeadershipStyle blend(const LeadershipStyle& from, const LeadershipStyle& to, double w) {
    LeadershipStyle mixed;
    for (std::size_t d = 0; d < style_dimension_count; ++d) mixed[d] = (1.0 - w) * from[d] + w * to[d];
    return mixed;
}

}  // namespace

std::span<const StylePreset> style_presets() { return presets; }

std::vector<std::string> style_names() {
    std::vector<std::string> names;
    for (const StylePreset& preset : presets) names.emplace_back(preset.name);
    return names;
}

const LeadershipStyle& find_style(std::string_view name) {
    for (const StylePreset& preset : presets) {
        if (preset.name == name) return preset.style;
    }
    std::string valid;
    for (const StylePreset& preset : presets) valid += (valid.empty() ? "" : ", ") + std::string(preset.name);
    throw std::invalid_argument("unknown leadership style '" + std::string(name) + "'; valid styles: " + valid);
}

Style to_style(const LeadershipStyle& style) {
    Style hot;
    for (std::size_t d = 0; d < style_dimension_count; ++d) hot[d] = static_cast<float>(style[d]);
    return hot;
}

Style draw_style(const LeadershipConfig& leadership, RandomStream& stream) {
    LeadershipStyle drawn{};
    switch (leadership.distribution) {
        case StyleDistribution::single:
            drawn = find_style(leadership.style);
            break;
        case StyleDistribution::categorical: {
            double total = 0;
            for (const StyleWeight& entry : leadership.mix) total += entry.weight;
            double pick = stream.uniform() * total;
            drawn = find_style(leadership.mix.back().style);
            for (const StyleWeight& entry : leadership.mix) {
                if (pick < entry.weight) {
                    drawn = find_style(entry.style);
                    break;
                }
                pick -= entry.weight;
            }
            break;
        }
        case StyleDistribution::blend:
            drawn = blend(find_style(leadership.blend_from), find_style(leadership.blend_to), stream.uniform());
            break;
    }
    Style style;
    for (std::size_t d = 0; d < style_dimension_count; ++d) {
        style[d] = static_cast<float>(leadership.overrides[d].value_or(drawn[d]));
    }
    return style;
}

std::string describe_style_assignment(const LeadershipConfig& l) {
    switch (l.distribution) {
        case StyleDistribution::single: return l.style;
        case StyleDistribution::categorical: {
            std::string text = "categorical(";
            for (const StyleWeight& w : l.mix) {
                char weight[32];
                std::snprintf(weight, sizeof weight, "%g", w.weight);
                text += w.style + ":" + weight + " ";
            }
            text.back() = ')';
            return text;
        }
        case StyleDistribution::blend: return "blend(" + l.blend_from + " -> " + l.blend_to + ")";
    }
    return "?";
}

}  // namespace trustsim::core
