// P0: the scenario's scripted events, applied at the start of their week before P1 (spec A.11
// "interventions"; docs/MODEL.md, "Scripted events"). The phase exists only when the scenario
// lists events, so a run without them is exactly the run it was before events existed.
//
// Events run one at a time, in scenario order within a week: they are few, and each touches a
// handful of rows or, for a wave or a scandal, a list of agents, so a serial phase keeps their
// order obvious. Their randomness (who a hiring wave replaces, newcomers' traits) comes from
// their own purposes keyed by the event's index, so adding an event changes no other draw.
#pragma once

#include "models/core/context.hpp"
#include "models/events/parameters.hpp"
#include "models/events/team_changes.hpp"
#include "sim/model.hpp"

#include <vector>

namespace trustsim::core {

/// Moves a share of the event's target's lateral ties (a reorganise event; `index` is its place
/// in its scenario's list, which keys its draws). With `topology_only` the per-edge state is not
/// moved along (a restored checkpoint's state already is).
void move_ties(CoreRun& run, const ScriptedEvent& event, std::uint32_t week, std::uint32_t index, bool topology_only);

class ScriptedEvents {
  public:
    /// Resolves every event's targets on the run's organisation and network, reserves the team
    /// slots of the splits and plans the merges and splits. Throws ConfigError naming the event
    /// for what only the network can tell (a breach between agents with no tie).
    explicit ScriptedEvents(CoreRun& run);

    bool empty() const noexcept { return events_.empty(); }
    /// The phase: applies this week's events and due discoveries, then refreshes cached trust.
    void apply(CoreRun& run, const StepContext& step);
    /// After a checkpoint of week `steps_done` is restored: events of that week or earlier are
    /// the past (they happened, or, when branching with new events, they are too late), and a
    /// scandal flagged that week is cleared at the start of the next, as in the original run.
    /// `saved_events` are the events of the run the checkpoint comes from (a branch may list
    /// others): its past reorganisations are replayed on the freshly built network.
    void resume(CoreRun& run, std::uint32_t steps_done, const std::vector<ScriptedEvent>& saved_events);
    /// Before a checkpoint of week `steps_done` is restored: replays the saved run's past
    /// reorganisations, merges and splits on the freshly built hierarchy and network (topology
    /// only, sizing the per-edge columns to the network the checkpoint holds), and plans this
    /// run's merges and splits still to come on the result. Throws ConfigError when this run
    /// lists a different number of splits than the saved one (team slots are fixed at the start).
    void replay_structure(CoreRun& run, std::uint32_t steps_done, const std::vector<ScriptedEvent>& saved_events);
    /// The most edges the network can reach through this run's merges and splits (the edges as
    /// built when there are none): each moved agent gains at most a tie to and from its manager.
    std::size_t edge_bound(const CoreRun& run) const;
    bool changes_hierarchy() const noexcept { return !plan_.empty(); }
    /// One row per scripted event, for the output's /events table.
    std::vector<EventRow> table() const;

  private:
    struct Action {
        std::uint32_t week;
        std::uint32_t event;  ///< index in events_
        bool discovery;       ///< a concealed forced error coming out
    };

    void apply_event(CoreRun& run, const StepContext& step, std::uint32_t index);
    void replace_leader(CoreRun& run, const StepContext& step, std::uint32_t index);
    void hiring_wave(CoreRun& run, const StepContext& step, std::uint32_t index);
    void forced_error(CoreRun& run, std::uint32_t index, bool discovery);
    /// Moves a share of the target's lateral ties (TrustNetwork::move_ties); with
    /// `topology_only` the state is left as it is (replaying the past on a restored run).
    void reorganise(CoreRun& run, std::uint32_t week, std::uint32_t index, bool topology_only);

    /// Applies a planned merge or split; with `topology_only`, the hierarchy and ties only.
    void change_teams(CoreRun& run, const ScriptedEvent& event, const TeamChange& change, std::uint32_t week,
                      bool topology_only);
    const TeamChange* planned(std::uint32_t index) const;

    std::vector<ScriptedEvent> events_;
    std::vector<TeamChange> plan_;  ///< merges and splits, in the order they apply
    std::vector<std::string> details_;  ///< merges' and splits' rows of the /events table, by event
    std::vector<Action> actions_;  ///< sorted by week, then scenario order
    std::size_t next_action_ = 0;
    std::vector<AgentIndex> exposed_;  ///< agents a scandal flagged last week, cleared this week
};

}  // namespace trustsim::core
