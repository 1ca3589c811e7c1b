#include "sim/organisation.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace trustsim {

Organisation::Organisation(std::uint32_t agents, std::uint32_t span_of_control) : agents_(agents), parent_(agents) {
    if (agents < 2) throw std::invalid_argument("an organisation needs at least 2 agents");
    if (span_of_control < 2) throw std::invalid_argument("span_of_control must be at least 2");
    parent_[0] = no_parent;
    for (AgentIndex i = 1; i < agents; ++i) parent_[i] = static_cast<std::int32_t>((i - 1) / span_of_control);
    derive();
}

Organisation::Organisation(std::vector<std::int32_t> parents, std::vector<std::string> names)
    : agents_(static_cast<std::uint32_t>(parents.size())), parent_(std::move(parents)), names_(std::move(names)) {
    if (agents_ < 2) throw std::invalid_argument("an organisation needs at least 2 agents");
    if (!names_.empty() && names_.size() != agents_) throw std::invalid_argument("one name per agent, or none");
    if (parent_[0] != no_parent) throw std::invalid_argument("agent 0 must be the CEO (no manager)");
    for (AgentIndex i = 1; i < agents_; ++i) {
        if (parent_[i] < 0 || static_cast<AgentIndex>(parent_[i]) >= i || parent_[i] < parent_[i - 1]) {
            throw std::invalid_argument("agent " + std::to_string(i) +
                                        ": managers must come before their reports, in breadth-first order");
        }
    }
    derive();
}

void Organisation::derive_reports() {
    // Counting sort by manager, filled in id order, so every list is increasing.
    report_offsets_.assign(std::size_t{agents_} + 1, 0);
    for (AgentIndex i = 1; i < agents_; ++i) ++report_offsets_[static_cast<AgentIndex>(parent_[i]) + 1];
    for (AgentIndex i = 0; i < agents_; ++i) report_offsets_[i + 1] += report_offsets_[i];
    report_list_.resize(agents_ - 1);
    std::vector<AgentIndex> cursor(report_offsets_.begin(), report_offsets_.end() - 1);
    for (AgentIndex i = 1; i < agents_; ++i) report_list_[cursor[static_cast<AgentIndex>(parent_[i])]++] = i;
    span_ = 0;
    for (AgentIndex i = 0; i < agents_; ++i) span_ = std::max(span_, report_count(i));
}

void Organisation::derive_depths() {
    depth_.assign(agents_, 0);
    std::vector<AgentIndex> level{0}, next;
    std::uint32_t depth = 0;
    std::size_t reached = 0;
    while (!level.empty()) {
        next.clear();
        for (const AgentIndex agent : level) {
            depth_[agent] = depth;
            for (const AgentIndex report : reports(agent)) next.push_back(report);
        }
        reached += level.size();
        level.swap(next);
        ++depth;
    }
    levels_ = depth;
    if (reached != agents_) throw std::invalid_argument("the managers form a cycle that does not lead to the CEO");
}

void Organisation::derive() {
    derive_reports();
    // Built in breadth-first order, a manager precedes its reports.
    depth_.assign(agents_, 0);
    for (AgentIndex i = 1; i < agents_; ++i) depth_[i] = depth_[static_cast<AgentIndex>(parent_[i])] + 1;
    levels_ = depth_[agents_ - 1] + 1;
    leads_team_.assign(agents_, no_team);
    team_manager_.clear();
    for (AgentIndex i = 0; i < agents_; ++i) {
        if (report_count(i) > 0) {
            leads_team_[i] = static_cast<std::int32_t>(team_manager_.size());
            team_manager_.push_back(i);
        }
    }
    active_teams_ = static_cast<std::uint32_t>(team_manager_.size());
    next_reserved_slot_ = active_teams_;
}

void Organisation::reserve_team_slots(std::uint32_t count) {
    team_manager_.insert(team_manager_.end(), count, no_manager);
}

void Organisation::reassign(std::span<const Reassignment> moves) {
    for (const Reassignment& move : moves) {
        if (move.agent == 0 || move.agent >= agents_ || move.manager >= agents_) {
            throw std::invalid_argument("a reassignment names the CEO or an agent outside the organisation");
        }
    }
    const std::vector<std::int32_t> old_parent = parent_;
    const std::vector<AgentIndex> old_offsets = report_offsets_, old_list = report_list_;
    const std::vector<std::uint32_t> old_depth = depth_;
    const std::uint32_t old_levels = levels_, old_span = span_;
    for (const Reassignment& move : moves) parent_[move.agent] = static_cast<std::int32_t>(move.manager);
    derive_reports();
    std::uint32_t new_teams = 0;
    for (AgentIndex i = 0; i < agents_; ++i) new_teams += (report_count(i) > 0 && leads_team_[i] == no_team) ? 1 : 0;
    try {
        derive_depths();
        if (next_reserved_slot_ + new_teams > teams()) {
            throw std::invalid_argument("a reorganisation creates a team but no team slot is reserved for it");
        }
    } catch (const std::invalid_argument&) {
        parent_ = old_parent;
        report_offsets_ = old_offsets;
        report_list_ = old_list;
        depth_ = old_depth;
        levels_ = old_levels;
        span_ = old_span;
        throw;
    }
    for (AgentIndex i = 0; i < agents_; ++i) {
        const bool leads = report_count(i) > 0;
        if (!leads && leads_team_[i] != no_team) {
            team_manager_[static_cast<std::uint32_t>(leads_team_[i])] = no_manager;
            leads_team_[i] = no_team;
            --active_teams_;
        } else if (leads && leads_team_[i] == no_team) {
            leads_team_[i] = static_cast<std::int32_t>(next_reserved_slot_);
            team_manager_[next_reserved_slot_++] = i;
            ++active_teams_;
        }
    }
    reassigned_ = true;
}

AgentIndex Organisation::department_root(AgentIndex i) const noexcept {
    if (depth_[i] < 2) return 0;
    const auto p = static_cast<AgentIndex>(parent(i));
    return static_cast<AgentIndex>(parent(p));
}

std::vector<Organisation::IdRange> Organisation::subtree_ranges(AgentIndex root) const {
    std::vector<IdRange> ranges;
    if (!reassigned_) {
        // As built, the reports of a contiguous range of agents are contiguous too, and the
        // report lists are the ids 1 .. N-1 in order: report_list_[k] == k + 1.
        AgentIndex begin = root;
        AgentIndex end = root + 1;
        while (begin < end) {
            ranges.push_back({begin, end});
            const AgentIndex next_begin = report_offsets_[begin] + 1;
            end = report_offsets_[end] + 1;
            begin = next_begin;
        }
        return ranges;
    }
    std::vector<AgentIndex> level{root}, next;
    while (!level.empty()) {
        std::sort(level.begin(), level.end());
        for (std::size_t k = 0; k < level.size();) {
            std::size_t run = k + 1;
            while (run < level.size() && level[run] == level[run - 1] + 1) ++run;
            ranges.push_back({level[k], level[run - 1] + 1});
            k = run;
        }
        next.clear();
        for (const AgentIndex agent : level) {
            for (const AgentIndex report : reports(agent)) next.push_back(report);
        }
        level.swap(next);
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
