// The formal hierarchy (spec A.1, model-choices "Structure").
//
// A rooted tree in breadth-first order: agent 0 is the CEO, every other agent's manager has a
// smaller id, and managers' ids are non-decreasing in their reports' ids. So the reports of i are
// the contiguous ids [first_report(i), first_report(i) + report_count(i)), a team's members are
// neighbours in memory, and a department (a subtree) is one contiguous id range per level, which
// keeps "random" per-edge reads local.
//
// The generator builds the complete span-ary tree (parent(i) = (i-1)/span). An explicit
// organisation (organisation.members) lists any tree; it is stored in breadth-first order, with
// the members' names, so the ids of its agents can differ from the order they were listed in.
//
// A team is a manager plus its direct reports; teams are numbered in the order of their managers.
#pragma once

#include "sim/rng.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trustsim {

inline constexpr std::int32_t no_team = -1;
inline constexpr std::int32_t no_parent = -1;

class Organisation {
  public:
    /// The complete span-ary tree of `agents` agents.
    Organisation(std::uint32_t agents, std::uint32_t span_of_control);
    /// An explicit tree: parents[i] is agent i's manager (no_parent for the CEO, agent 0), and
    /// parents are in breadth-first order (parents[i] < i, non-decreasing); names may be empty.
    /// Throws std::invalid_argument otherwise.
    Organisation(std::vector<std::int32_t> parents, std::vector<std::string> names);

    std::uint32_t agents() const noexcept { return agents_; }
    /// The largest number of direct reports of any manager (the span of the generated tree).
    std::uint32_t span() const noexcept { return span_; }
    std::uint32_t teams() const noexcept { return static_cast<std::uint32_t>(team_manager_.size()); }
    std::uint32_t levels() const noexcept { return levels_; }

    std::int32_t parent(AgentIndex i) const noexcept { return parent_[i]; }
    AgentIndex first_report(AgentIndex i) const noexcept { return first_report_[i]; }  ///< meaningful when report_count > 0
    std::uint32_t report_count(AgentIndex i) const noexcept { return first_report_[i + 1] - first_report_[i]; }
    bool is_manager(AgentIndex i) const noexcept { return report_count(i) > 0; }
    std::uint32_t depth(AgentIndex i) const noexcept { return depth_[i]; }

    /// Team the agent is a member of (its manager's team); no_team for the CEO.
    std::int32_t member_of_team(AgentIndex i) const noexcept {
        return i == 0 ? no_team : leads_team_[static_cast<AgentIndex>(parent_[i])];
    }
    /// Team the agent leads; no_team for non-managers.
    std::int32_t leads_team(AgentIndex i) const noexcept { return leads_team_[i]; }
    AgentIndex team_manager(std::uint32_t team) const noexcept { return team_manager_[team]; }

    /// Root of the agent's department: the subtree at its grandparent (the CEO for depth < 2).
    AgentIndex department_root(AgentIndex i) const noexcept;

    /// One contiguous id range per level of a subtree.
    struct IdRange {
        AgentIndex begin;
        AgentIndex end;  ///< exclusive
    };
    /// The subtree rooted at `root`, level by level; its sizes sum to the subtree size.
    std::vector<IdRange> subtree_ranges(AgentIndex root) const;

    /// Names of an explicit organisation's members by id (empty for a generated one).
    const std::vector<std::string>& names() const noexcept { return names_; }
    /// The agent a member name stands for, if this organisation has that member.
    std::optional<AgentIndex> find_name(const std::string& name) const;

  private:
    void derive();  // depth, levels, teams and span from parent_ and first_report_

    std::uint32_t agents_;
    std::uint32_t span_ = 0;
    std::uint32_t levels_ = 0;
    std::vector<std::int32_t> parent_;
    std::vector<AgentIndex> first_report_;  ///< N+1 offsets: reports of i are [first_report_[i], first_report_[i+1])
    std::vector<std::uint32_t> depth_;
    std::vector<std::int32_t> leads_team_;
    std::vector<AgentIndex> team_manager_;
    std::vector<std::string> names_;
};

/// A listed member's manager by position in the list, for ordering an explicit organisation.
struct BreadthFirstOrder {
    std::vector<std::int32_t> parents;      ///< in breadth-first order, as Organisation takes them
    std::vector<AgentIndex> id_of_listed;   ///< the id of the i-th listed member
};

/// Orders a tree given by each listed member's manager (its position in the list, no_parent for
/// the one root, which must be listed first) breadth first, keeping the listed order among
/// siblings. Throws std::invalid_argument for a second root or a cycle.
BreadthFirstOrder breadth_first_order(const std::vector<std::int32_t>& listed_parents);

}  // namespace trustsim
