// Merging and splitting teams, the structural reorganisations of a scenario's `events:` list:
// which agents move under which manager. The rules read only the hierarchy, never the run's state
// or draws, so one plan checks a scenario when it is loaded, applies the events in their week,
// and replays them when a run continues from a checkpoint (docs/MODEL.md, "Scripted events").
//
//   merge_teams {target: team B, into: team A}: B's manager and B's reports move under A's
//     manager; B's manager becomes a member of A and B's slot falls vacant.
//   split_team {target: team T, share, lead}: the lead (given, or T's non-manager report with
//     the lowest id) becomes the manager of a new team, a sibling of T under T's own manager,
//     taking share x (the other reports) of T's reports, those with the highest ids.
#pragma once

#include "models/events/parameters.hpp"
#include "sim/organisation.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trustsim {

struct TeamChange {
    std::uint32_t event = 0;           ///< index in the events list
    std::vector<Reassignment> moves;   ///< who moves under whom, applied at once
    AgentIndex new_manager = 0;        ///< merge: the absorbing manager; split: the new team's lead
    std::uint32_t team = 0;            ///< merge: the slot that falls vacant; split: the new team's slot
    std::string detail;                ///< in words, for the /events table
};

bool changes_teams(const ScriptedEvent& event);

/// The team slots to reserve for the splits in `events`.
std::uint32_t split_count(const std::vector<ScriptedEvent>& events);

/// Plans every merge and split in the order they are applied (by week, then as listed) on a copy
/// of `organisation`, whose team slots for the splits must be reserved already. Throws
/// ConfigError naming the event (file:line:col) when a target is not a team at that point, a
/// merge would put a team under its own unit, or a team is too small to split.
/// With `after_week`, only the events of later weeks are planned (a run continued from a checkpoint).
std::vector<TeamChange> plan_team_changes(Organisation organisation, const std::vector<ScriptedEvent>& events,
                                          std::uint32_t after_week = 0);

}  // namespace trustsim
