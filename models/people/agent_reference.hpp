// How scenarios name one agent, shared by `people:` entries and event targets: a member name of an
// explicit organisation, or a decimal number (after "agent ", "team ", "unit " in a target).
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace trustsim {

struct AgentReference {
    std::uint32_t id;  ///< the agent's id (by name), or the number written
    bool by_name;      ///< given as a member name, not as a number
};

/// `text` as a member name (`names` by agent id) or as a decimal number; nullopt if it is
/// neither. A number is not checked against the organisation's size.
inline std::optional<AgentReference> agent_reference(std::string_view text, std::span<const std::string> names) {
    const auto it = std::find(names.begin(), names.end(), text);
    if (it != names.end()) return AgentReference{static_cast<std::uint32_t>(it - names.begin()), true};
    std::uint32_t number = 0;
    const char* end = text.data() + text.size();
    const auto result = std::from_chars(text.data(), end, number);
    if (text.empty() || result.ec != std::errc() || result.ptr != end) return std::nullopt;
    return AgentReference{number, false};
}

}  // namespace trustsim
