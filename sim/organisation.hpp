// The formal hierarchy (spec A.1, model-choices "Structure").
//
// A rooted tree built in breadth-first order: agent 0 is the CEO, every other agent's manager has
// a smaller id, and managers' ids are non-decreasing in their reports' ids. So, as built, the
// reports of a manager are consecutive ids, a team's members are neighbours in memory, and a
// department (a subtree) is one contiguous id range per level, which keeps "random" per-edge
// reads local. Reports are nevertheless stored as lists (reports(i)), because merging and
// splitting teams (reassign) moves agents under other managers without renumbering anyone: ids
// are slots that keep their state.
//
// The generator builds the complete span-ary tree (parent(i) = (i-1)/span). An explicit
// organisation (organisation.members) lists any tree; it is stored in breadth-first order, with
// the members' names, so the ids of its agents can differ from the order they were listed in.
//
// A team is a manager plus its direct reports. Teams are numbered in the order of their managers
// as built, followed by the slots reserved for teams that splits will create; a team's number
// never changes. A team that a merge dissolves, or a reserved slot not yet used, is vacant:
// team_manager() is no_manager and its outputs are NaN.
#pragma once

#include "sim/rng.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace trustsim {

inline constexpr std::int32_t no_team = -1;
inline constexpr std::int32_t no_parent = -1;
/// team_manager() of a vacant team slot (dissolved by a merge, or reserved for a split to come).
inline constexpr AgentIndex no_manager = 0xFFFFFFFFu;

/// One agent moved under another manager by a reorganisation.
struct Reassignment {
    AgentIndex agent;
    AgentIndex manager;
};

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
    /// Team slots: the teams as built plus the slots reserved for splits (some may be vacant).
    std::uint32_t teams() const noexcept { return static_cast<std::uint32_t>(team_manager_.size()); }
    std::uint32_t levels() const noexcept { return levels_; }

    std::int32_t parent(AgentIndex i) const noexcept { return parent_[i]; }
    /// The direct reports of i, in increasing id order.
    std::span<const AgentIndex> reports(AgentIndex i) const noexcept {
        return {report_list_.data() + report_offsets_[i], report_offsets_[i + 1] - report_offsets_[i]};
    }
    std::uint32_t report_count(AgentIndex i) const noexcept { return report_offsets_[i + 1] - report_offsets_[i]; }
    bool is_manager(AgentIndex i) const noexcept { return report_count(i) > 0; }
    std::uint32_t depth(AgentIndex i) const noexcept { return depth_[i]; }

    /// Team the agent is a member of (its manager's team); no_team for the CEO.
    std::int32_t member_of_team(AgentIndex i) const noexcept {
        return i == 0 ? no_team : leads_team_[static_cast<AgentIndex>(parent_[i])];
    }
    /// Team the agent leads; no_team for non-managers.
    std::int32_t leads_team(AgentIndex i) const noexcept { return leads_team_[i]; }
    /// The team's manager, or no_manager for a vacant slot.
    AgentIndex team_manager(std::uint32_t team) const noexcept { return team_manager_[team]; }
    bool team_vacant(std::uint32_t team) const noexcept { return team_manager_[team] == no_manager; }
    /// Team slots in use (teams() less the vacant ones).
    std::uint32_t active_teams() const noexcept { return active_teams_; }

    /// Appends `count` vacant team slots for teams that splits will create.
    void reserve_team_slots(std::uint32_t count);
    /// Moves each listed agent under its new manager at once (a merge or a split of teams) and
    /// re-derives depths, levels and teams. A manager left without reports vacates its team's
    /// slot; an agent that gains its first reports takes the first unused reserved slot. Throws
    /// std::invalid_argument (the structure unchanged) for the CEO, an agent outside the
    /// organisation, a move that would make a cycle, or a new team with no reserved slot left.
    void reassign(std::span<const Reassignment> moves);
    /// True once reassign has changed the hierarchy (ids are then no longer in breadth-first order).
    bool reassigned() const noexcept { return reassigned_; }

    /// Root of the agent's department: the subtree at its grandparent (the CEO for depth < 2).
    AgentIndex department_root(AgentIndex i) const noexcept;

    /// Consecutive agent ids [begin, end).
    struct IdRange {
        AgentIndex begin;
        AgentIndex end;  ///< exclusive
    };
    /// The subtree rooted at `root`, level by level, each level as its runs of consecutive ids
    /// (one range per level until a reorganisation reassigns agents); sizes sum to the subtree size.
    std::vector<IdRange> subtree_ranges(AgentIndex root) const;

    /// Names of an explicit organisation's members by id (empty for a generated one).
    const std::vector<std::string>& names() const noexcept { return names_; }
    /// The agent a member name stands for, if this organisation has that member.
    std::optional<AgentIndex> find_name(const std::string& name) const;

  private:
    void derive_reports();  // report lists from parent_
    void derive();          // depth, levels, span and the teams as built
    void derive_depths();   // depth and levels by walking down from the CEO

    std::uint32_t agents_;
    std::uint32_t span_ = 0;
    std::uint32_t levels_ = 0;
    std::vector<std::int32_t> parent_;
    std::vector<AgentIndex> report_offsets_;  ///< N+1 offsets into report_list_
    std::vector<AgentIndex> report_list_;     ///< reports of i are report_list_[report_offsets_[i] ..]
    std::vector<std::uint32_t> depth_;
    std::vector<std::int32_t> leads_team_;
    std::vector<AgentIndex> team_manager_;
    std::uint32_t active_teams_ = 0;
    std::uint32_t next_reserved_slot_ = 0;  ///< the slot the next new team takes
    bool reassigned_ = false;
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
