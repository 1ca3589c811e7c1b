// The `events:` list of a scenario: scripted interventions applied at the start of their week
// (docs/config-reference.md, "events"; docs/MODEL.md, "Scripted events").
//
//   events:
//     - {week: 52, type: replace_leader, target: ceo, by: newcomer, style: humble}
//     - {week: 30, type: scandal, target: unit 3}
//     - {week: 10, type: hiring_wave, target: all, share: 0.2, prior: swift}
//     - {week: 20, type: forced_error, target: agent 17, facet: character, admitted: false, discovered_after: 6}
//     - {week: 25, type: breach, target: agent 3, trustor: agent 22, size: 3}
//     - {week: 52, type: reorganise, target: unit 1, rewire: 0.3, toward: unit 2}
//     - {week: 40, type: merge_teams, target: team 5, into: team 4}
//     - {week: 60, type: split_team, target: team 2, share: 0.5, lead: agent 17, style: humble}
//
// Each type has its own keys; a key of another type is an unknown key. Targets and weeks are
// checked against the organisation and the run length when the scenario is loaded.
#pragma once

#include "models/trust/parameters.hpp"
#include "sim/config.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace trustsim {

enum class EventType { replace_leader, scandal, hiring_wave, forced_error, breach, reorganise, merge_teams, split_team };
enum class Replacement { newcomer, promotion };
enum class ErrorFacet { competence, character };

struct ScriptedEvent {
    std::uint32_t week = 1;  ///< applied at the start of this week, before P1; 1 .. steps
    EventType type = EventType::replace_leader;
    /// Who: "ceo", "agent N", "team N" (its manager, or the manager and reports), "unit N" (the
    /// subtree led by agent N) or "all"; in an explicit organisation a member's name may stand for
    /// N ("ann", "team ann"). Which kinds a type takes is in docs/config-reference.md.
    std::string target = "ceo";

    // replace_leader (and split_team's style)
    Replacement by = Replacement::newcomer;  ///< a newcomer, or the ablest direct report
    /// The new leader's preset; empty = the slot's style stays (replace_leader) or is drawn from
    /// the scenario's leadership settings (split_team).
    std::string style;

    // hiring_wave
    double share = 0.1;                    ///< share of the target's non-manager positions refilled; [0,1]
    TrustMode prior = TrustMode::swift;    ///< prior regime of the newcomers' relationships

    // forced_error
    ErrorFacet facet = ErrorFacet::competence;
    bool admitted = true;                  ///< admitted at once, or concealed until discovered
    std::uint32_t discovered_after = 4;    ///< weeks until a concealed error comes out; 0 = never
    /// A concealed error joins the target manager's own concealed errors and comes out by chance
    /// (errors.discovery_probability a week) instead of after discovered_after weeks (F5(iii)).
    bool discovered_by_chance = false;

    // breach
    std::string trustor = "agent 1";       ///< whose trust the target breaches ("agent N" or "ceo")
    double size = 3.0;                     ///< character evidence against the target, in g-_h units; > 0

    // reorganise
    double rewire = 0.2;   ///< share of the target's lateral ties moved to a new target; [0,1]
    /// Where moved ties land: a group target (uniformly inside it), or empty for the generator's
    /// rule (p_local inside the agent's department, else anywhere).
    std::string toward;

    // merge_teams (docs/config-reference.md; models/events/team_changes.hpp)
    std::string into;  ///< the team that takes the target team in: 'team N'

    // split_team
    double split_share = 0.5;  ///< share of the other reports that go to the new team; [0,1], at least one each side
    std::string lead;          ///< the new team's manager ('agent N' or a name); empty = the lowest-id non-manager report

    std::string where;  ///< where the entry was written (file:line:col), for messages
};

void visit(SchemaVisitor& v, ScriptedEvent& e);

std::string event_type_name(EventType type);

/// A parsed target: which kind, and its number (agent, team or unit root).
struct EventTarget {
    enum class Kind { ceo, agent, team, unit, all } kind = Kind::ceo;
    std::uint32_t id = 0;
    /// "team NAME": `id` is the agent leading the team, not the team's number.
    bool named_leader = false;
};

/// Parses a target text; `names` are an explicit organisation's member names by agent id (empty
/// for a generated organisation), so "ann", "agent ann", "team ann" and "unit ann" name agents.
/// Throws ConfigError at `event.where` when malformed.
EventTarget parse_target(const std::string& text, const ScriptedEvent& event, std::span<const std::string> names,
                         const char* key = "target");

/// Checks every event against the organisation the scenario describes and its run length:
/// weeks in [1, steps], targets that exist and suit the type, styles that are presets. Throws
/// ConfigError naming where the event was written.
void check_events(const ScenarioConfig& config, const std::vector<ScriptedEvent>& events);

}  // namespace trustsim
