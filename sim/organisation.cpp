#include "sim/organisation.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace trustsim {

Organisation::Organisation(std::uint32_t agents, std::uint32_t span_of_control)
    : agents_(agents), parent_(agents), first_report_(std::size_t{agents} + 1) {
    if (agents < 2) throw std::invalid_argument("an organisation needs at least 2 agents");
    if (span_of_control < 2) throw std::invalid_argument("span_of_control must be at least 2");
    parent_[0] = no_parent;
    for (AgentIndex i = 1; i < agents; ++i) parent_[i] = static_cast<std::int32_t>((i - 1) / span_of_control);
    for (std::uint64_t i = 0; i <= agents; ++i) {
        first_report_[i] = static_cast<AgentIndex>(std::min<std::uint64_t>(span_of_control * i + 1, agents));
    }
    derive();
}

Organisation::Organisation(std::vector<std::int32_t> parents, std::vector<std::string> names)
    : agents_(static_cast<std::uint32_t>(parents.size())), parent_(std::move(parents)),
      first_report_(std::size_t{agents_} + 1), names_(std::move(names)) {
    if (agents_ < 2) throw std::invalid_argument("an organisation needs at least 2 agents");
    if (!names_.empty() && names_.size() != agents_) throw std::invalid_argument("one name per agent, or none");
    if (parent_[0] != no_parent) throw std::invalid_argument("agent 0 must be the CEO (no manager)");
    for (AgentIndex i = 1; i < agents_; ++i) {
        if (parent_[i] < 0 || static_cast<AgentIndex>(parent_[i]) >= i || parent_[i] < parent_[i - 1]) {
            throw std::invalid_argument("agent " + std::to_string(i) +
                                        ": managers must come before their reports, in breadth-first order");
        }
    }
    // Reports of m start at the first agent whose manager is m or later.
    AgentIndex next = 1;
    for (AgentIndex m = 0; m <= agents_; ++m) {
        while (next < agents_ && static_cast<AgentIndex>(parent_[next]) < m) ++next;
        first_report_[m] = next;
    }
    derive();
}

void Organisation::derive() {
    depth_.assign(agents_, 0);
    leads_team_.assign(agents_, no_team);
    team_manager_.clear();
    for (AgentIndex i = 1; i < agents_; ++i) depth_[i] = depth_[static_cast<AgentIndex>(parent_[i])] + 1;
    levels_ = depth_[agents_ - 1] + 1;
    span_ = 0;
    for (AgentIndex i = 0; i < agents_; ++i) {
        const std::uint32_t reports = report_count(i);
        span_ = std::max(span_, reports);
        if (reports > 0) {
            leads_team_[i] = static_cast<std::int32_t>(team_manager_.size());
            team_manager_.push_back(i);
        }
    }
}

AgentIndex Organisation::department_root(AgentIndex i) const noexcept {
    if (depth_[i] < 2) return 0;
    const auto p = static_cast<AgentIndex>(parent(i));
    return static_cast<AgentIndex>(parent(p));
}

std::vector<Organisation::IdRange> Organisation::subtree_ranges(AgentIndex root) const {
    // In breadth-first order the reports of a contiguous range of agents are contiguous too.
    std::vector<IdRange> ranges;
    AgentIndex begin = root;
    AgentIndex end = root + 1;
    while (begin < end) {
        ranges.push_back({begin, end});
        const AgentIndex next_begin = first_report_[begin];
        end = first_report_[end];
        begin = next_begin;
    }
    return ranges;
}

std::optional<AgentIndex> Organisation::find_name(const std::string& name) const {
    const auto it = std::find(names_.begin(), names_.end(), name);
    if (it == names_.end()) return std::nullopt;
    return static_cast<AgentIndex>(it - names_.begin());
}

BreadthFirstOrder breadth_first_order(const std::vector<std::int32_t>& listed_parents) {
    const std::size_t n = listed_parents.size();
    if (n == 0 || listed_parents[0] != no_parent) throw std::invalid_argument("the first member must be the CEO (no manager)");
    std::vector<std::vector<std::size_t>> reports(n);
    for (std::size_t i = 1; i < n; ++i) {
        if (listed_parents[i] == no_parent) throw std::invalid_argument("only the first member may have no manager");
        reports[static_cast<std::size_t>(listed_parents[i])].push_back(i);
    }
    BreadthFirstOrder order;
    order.parents.reserve(n);
    order.id_of_listed.assign(n, 0);
    std::vector<std::size_t> queue{0};
    order.parents.push_back(no_parent);
    for (std::size_t head = 0; head < queue.size(); ++head) {
        const std::size_t listed = queue[head];
        order.id_of_listed[listed] = static_cast<AgentIndex>(head);
        for (const std::size_t report : reports[listed]) {
            queue.push_back(report);
            order.parents.push_back(static_cast<std::int32_t>(head));
        }
    }
    // Members never reached from the CEO sit on a cycle of managers.
    if (queue.size() != n) throw std::invalid_argument("the managers form a cycle that does not lead to the CEO");
    return order;
}

}  // namespace trustsim
