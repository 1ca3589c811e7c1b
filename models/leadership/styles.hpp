// Leadership style presets (spec A.4) and the per-manager draw of a style from the scenario's
// distribution. The preset table in styles.cpp is the one place a new style is added.
#pragma once

#include "models/leadership/parameters.hpp"
#include "sim/rng.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace trustsim::core {

/// A manager's style as the per-agent hot data uses it (floats).
using Style = StyleVector<float>;

struct StylePreset {
    std::string_view name;
    std::string_view summary;
    LeadershipStyle style;
};

/// Every preset, in registry order.
std::span<const StylePreset> style_presets();
std::vector<std::string> style_names();
/// The preset of that name; throws std::invalid_argument listing the valid names.
const LeadershipStyle& find_style(std::string_view name);

/// A preset or scenario style as the hot data holds it.
Style to_style(const LeadershipStyle& style);

/// Draws the style of one manager from the scenario's distribution, then applies overrides.
Style draw_style(const LeadershipConfig& leadership, RandomStream& stream);

/// "humble", "categorical(humble:1 infallible:3)" or "blend(infallible -> humble)", for messages.
std::string describe_style_assignment(const LeadershipConfig& leadership);

}  // namespace trustsim::core
