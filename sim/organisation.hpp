// The formal hierarchy (spec A.1, model-choices "Structure").
//
// A complete span-ary tree in breadth-first order: agent 0 is the CEO, parent(i) = (i-1)/span,
// and the reports of i are the contiguous ids [span*i+1, span*i+span] that exist. Because ids
// follow the tree level by level, a team's members are neighbours in memory and a department (a
// subtree) is one contiguous id range per level, which keeps "random" per-edge reads local.
//
// A team is a manager plus its direct reports; teams are numbered in the order of their managers.
#pragma once

#include "sim/rng.hpp"

#include <cstdint>
#include <vector>

namespace trustsim {

inline constexpr std::int32_t no_team = -1;
inline constexpr std::int32_t no_parent = -1;

class Organisation {
  public:
    Organisation(std::uint32_t agents, std::uint32_t span_of_control);

    std::uint32_t agents() const noexcept { return agents_; }
    std::uint32_t span() const noexcept { return span_; }
    std::uint32_t teams() const noexcept { return static_cast<std::uint32_t>(team_manager_.size()); }
    std::uint32_t levels() const noexcept { return levels_; }

    std::int32_t parent(AgentIndex i) const noexcept {
        return i == 0 ? no_parent : static_cast<std::int32_t>((i - 1) / span_);
    }
    AgentIndex first_report(AgentIndex i) const noexcept;  ///< meaningful when report_count > 0
    std::uint32_t report_count(AgentIndex i) const noexcept;
    bool is_manager(AgentIndex i) const noexcept { return report_count(i) > 0; }
    std::uint32_t depth(AgentIndex i) const noexcept { return depth_[i]; }

    /// Team the agent is a member of (its manager's team); no_team for the CEO.
    std::int32_t member_of_team(AgentIndex i) const noexcept { return i == 0 ? no_team : leads_team_[(i - 1) / span_]; }
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

  private:
    std::uint32_t agents_;
    std::uint32_t span_;
    std::uint32_t levels_ = 0;
    std::vector<std::uint32_t> depth_;
    std::vector<std::int32_t> leads_team_;
    std::vector<AgentIndex> team_manager_;
};

}  // namespace trustsim
