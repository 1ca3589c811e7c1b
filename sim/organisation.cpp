#include "sim/organisation.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace trustsim {

Organisation::Organisation(std::uint32_t agents, std::uint32_t span_of_control)
    : agents_(agents), span_(span_of_control), depth_(agents), leads_team_(agents, no_team) {
    if (agents < 2) throw std::invalid_argument("an organisation needs at least 2 agents");
    if (span_of_control < 2) throw std::invalid_argument("span_of_control must be at least 2");
    for (AgentIndex i = 1; i < agents; ++i) depth_[i] = depth_[(i - 1) / span_] + 1;
    levels_ = depth_[agents - 1] + 1;
    for (AgentIndex i = 0; i < agents; ++i) {
        if (report_count(i) > 0) {
            leads_team_[i] = static_cast<std::int32_t>(team_manager_.size());
            team_manager_.push_back(i);
        }
    }
}

AgentIndex Organisation::first_report(AgentIndex i) const noexcept {
    return static_cast<AgentIndex>(std::uint64_t{span_} * i + 1);
}

std::uint32_t Organisation::report_count(AgentIndex i) const noexcept {
    const std::uint64_t first = std::uint64_t{span_} * i + 1;
    if (first >= agents_) return 0;
    return static_cast<std::uint32_t>(std::min<std::uint64_t>(span_, agents_ - first));
}

AgentIndex Organisation::department_root(AgentIndex i) const noexcept {
    if (depth_[i] < 2) return 0;
    const auto p = static_cast<AgentIndex>(parent(i));
    return static_cast<AgentIndex>(parent(p));
}

std::vector<Organisation::IdRange> Organisation::subtree_ranges(AgentIndex root) const {
    std::vector<IdRange> ranges;
    std::uint64_t begin = root;
    std::uint64_t end = std::uint64_t{root} + 1;
    while (begin < agents_) {
        ranges.push_back({static_cast<AgentIndex>(begin), static_cast<AgentIndex>(std::min<std::uint64_t>(end, agents_))});
        begin = begin * span_ + 1;
        end = (end - 1) * span_ + span_ + 1;
    }
    return ranges;
}

}  // namespace trustsim
