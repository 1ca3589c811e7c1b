#include "models/events/parameters.hpp"

#include "models/events/team_changes.hpp"

#include "models/leadership/styles.hpp"
#include "models/people/agent_reference.hpp"

#include "sim/world.hpp"

#include <algorithm>
#include <numeric>

namespace trustsim {
namespace {

[[noreturn]] void fail(const ScriptedEvent& e, const std::string& message) {
    throw ConfigError((e.where.empty() ? std::string("events") : e.where) + ": " + event_type_name(e.type) +
                      " event: " + message);
}

/// An event's `style`, when given, must be a preset.
void check_style(const ScriptedEvent& e) {
    if (e.style.empty()) return;
    try {
        core::find_style(e.style);
    } catch (const std::invalid_argument& error) {
        fail(e, std::string("style: ") + error.what());
    }
}

/// Plans the merges and splits on the organisation (exact, as they depend on the hierarchy
/// alone), then checks that every other event naming a team by number finds it in use in its week.
void check_team_changes(const ScenarioConfig& config, const std::vector<ScriptedEvent>& events, std::uint64_t built_teams) {
    if (std::none_of(events.begin(), events.end(), changes_teams)) return;
    // Planning builds the hierarchy (about 20 B per agent). Beyond this size the check waits for
    // the run's start, which plans the same way with the same messages, after the memory check.
    constexpr std::uint64_t largest_checked_at_load = 20'000'000;
    if (OrganisationShape(config.organisation).agents() > largest_checked_at_load) return;
    Organisation org = build_organisation(config.organisation);
    org.reserve_team_slots(split_count(events));
    const std::vector<TeamChange> plan = plan_team_changes(org, events);
    std::vector<std::uint8_t> active(org.teams(), 0);
    std::fill(active.begin(), active.begin() + static_cast<std::ptrdiff_t>(built_teams), 1);
    std::vector<std::uint32_t> order(events.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return events[a].week < events[b].week; });
    std::size_t next_change = 0;
    for (const std::uint32_t index : order) {
        const ScriptedEvent& e = events[index];
        if (changes_teams(e)) {
            const TeamChange& change = plan[next_change++];
            active[change.team] = e.type == EventType::split_team ? 1 : 0;
            continue;
        }
        for (const std::string* text : {&e.target, &e.toward}) {
            if (text->empty()) continue;
            const EventTarget t = parse_target(*text, e, org.names());
            if (t.kind == EventTarget::Kind::team && !t.named_leader && t.id < active.size() && !active[t.id]) {
                fail(e, "team " + std::to_string(t.id) + " is vacant in week " + std::to_string(e.week) +
                            " (merged into another team, or a split that has not happened yet)");
            }
        }
    }
}

}  // namespace

void visit(SchemaVisitor& v, ScriptedEvent& e) {
    e.where = v.location();
    v.field("week", e.week, IntRange{1, 10'000'000});
    v.choice("type", e.type,
             {{"replace_leader", EventType::replace_leader},
              {"scandal", EventType::scandal},
              {"hiring_wave", EventType::hiring_wave},
              {"forced_error", EventType::forced_error},
              {"breach", EventType::breach},
              {"reorganise", EventType::reorganise},
              {"merge_teams", EventType::merge_teams},
              {"split_team", EventType::split_team}});
    v.field("target", e.target);
    // Only the chosen type's keys are part of the entry, so a key of another type is reported
    // as unknown with the type's valid keys.
    switch (e.type) {
        case EventType::replace_leader:
            v.choice("by", e.by, {{"newcomer", Replacement::newcomer}, {"promotion", Replacement::promotion}});
            v.field("style", e.style);
            break;
        case EventType::scandal:
            break;
        case EventType::hiring_wave:
            v.field("share", e.share, Range::unit());
            v.choice("prior", e.prior, {{"slow", TrustMode::slow}, {"swift", TrustMode::swift}});
            break;
        case EventType::forced_error:
            v.choice("facet", e.facet, {{"competence", ErrorFacet::competence}, {"character", ErrorFacet::character}});
            v.field("admitted", e.admitted);
            v.field("discovered_after", e.discovered_after, IntRange{0, 10'000'000});
            v.field("discovered_by_chance", e.discovered_by_chance);
            break;
        case EventType::breach:
            v.field("trustor", e.trustor);
            v.field("size", e.size, Range::above(0));
            break;
        case EventType::reorganise:
            v.field("rewire", e.rewire, Range::unit());
            v.field("toward", e.toward);
            break;
        case EventType::merge_teams:
            v.field("into", e.into);
            break;
        case EventType::split_team:
            v.field("share", e.split_share, Range::unit());
            v.field("lead", e.lead);
            v.field("style", e.style);
            break;
    }
}

std::string event_type_name(EventType type) {
    switch (type) {
        case EventType::replace_leader: return "replace_leader";
        case EventType::scandal: return "scandal";
        case EventType::hiring_wave: return "hiring_wave";
        case EventType::forced_error: return "forced_error";
        case EventType::breach: return "breach";
        case EventType::reorganise: return "reorganise";
        case EventType::merge_teams: return "merge_teams";
        case EventType::split_team: return "split_team";
    }
    return "?";
}

EventTarget parse_target(const std::string& text, const ScriptedEvent& event, std::span<const std::string> names,
                         const char* key) {
    if (text == "ceo") return {EventTarget::Kind::ceo, 0};
    if (text == "all") return {EventTarget::Kind::all, 0};
    // An explicit organisation's member name stands for that agent.
    if (const auto alone = agent_reference(text, names); alone && alone->by_name) return {EventTarget::Kind::agent, alone->id};
    static constexpr std::pair<const char*, EventTarget::Kind> numbered[] = {
        {"agent ", EventTarget::Kind::agent}, {"team ", EventTarget::Kind::team}, {"unit ", EventTarget::Kind::unit}};
    for (const auto& [prefix, kind] : numbered) {
        const std::string_view p(prefix);
        if (text.rfind(p, 0) != 0) continue;
        // "team NAME" is the team NAME leads: its id is that agent's, checked against the organisation.
        if (const auto ref = agent_reference(std::string_view(text).substr(p.size()), names)) {
            return {kind, ref->id, kind == EventTarget::Kind::team && ref->by_name};
        }
    }
    fail(event, std::string(key) + " '" + text + "' is not a target; expected ceo, all, 'agent N', 'team N' or 'unit N' (N a number" +
                    (names.empty() ? std::string(")") : ") or a member's name, alone or after agent, team or unit"));
}

void check_events(const ScenarioConfig& config, const std::vector<ScriptedEvent>& events) {
    const OrganisationShape org(config.organisation);
    const std::uint64_t teams = org.teams() + split_count(events);  // with the slots of the teams splits create
    for (const ScriptedEvent& e : events) {
        if (e.week > config.steps) {
            fail(e, "week " + std::to_string(e.week) + " is past the end of the run (steps: " + std::to_string(config.steps) +
                        ")");
        }
        EventTarget target = parse_target(e.target, e, org.names());
        auto check_exists = [&](const EventTarget& t, const char* key) {
            if ((t.kind == EventTarget::Kind::agent || t.kind == EventTarget::Kind::unit) && t.id >= org.agents()) {
                fail(e, std::string(key) + ": there is no agent " + std::to_string(t.id) + " (agents are 0 .. " +
                            std::to_string(org.agents() - 1) + ")");
            }
            if (t.kind == EventTarget::Kind::team && t.named_leader && !org.is_manager(t.id)) {
                fail(e, std::string(key) + ": " + org.describe(t.id) + " leads no team");
            }
            if (t.kind == EventTarget::Kind::team && !t.named_leader && t.id >= teams) {
                fail(e, std::string(key) + ": there is no team " + std::to_string(t.id) + " (teams are 0 .. " +
                            std::to_string(teams - 1) + ")");
            }
        };
        using Kind = EventTarget::Kind;
        if (changes_teams(e)) {
            check_style(e);
            continue;  // checked below on the hierarchy as it stands in the event's week
        }
        check_exists(target, "target");
        switch (e.type) {
            case EventType::replace_leader:
                check_style(e);
                if (target.kind == Kind::all || target.kind == Kind::unit) {
                    fail(e, "target must be one leader: ceo, 'team N' (its manager) or 'agent N' (a manager)");
                }
                if (target.kind == Kind::agent && !org.is_manager(target.id)) {
                    fail(e, org.describe(target.id) + " leads no team; give a manager, 'team N' or ceo");
                }
                break;
            case EventType::scandal:
            case EventType::hiring_wave:
                if (target.kind == Kind::agent) fail(e, "target must be a group: all, ceo (everyone), 'team N' or 'unit N'");
                break;
            case EventType::reorganise:
                if (target.kind == Kind::agent) fail(e, "target must be a group: all, ceo (everyone), 'team N' or 'unit N'");
                if (!e.toward.empty()) {
                    const EventTarget toward = parse_target(e.toward, e, org.names(), "toward");
                    if (toward.kind == Kind::agent) fail(e, "toward must be a group: all, 'team N' or 'unit N'");
                    check_exists(toward, "toward");
                }
                break;
            case EventType::forced_error:
                if (target.kind != Kind::agent && target.kind != Kind::ceo) {
                    fail(e, "target must be one agent: 'agent N' or ceo");
                }
                break;
            case EventType::merge_teams:
            case EventType::split_team:
                break;
            case EventType::breach: {
                if (target.kind != Kind::agent && target.kind != Kind::ceo) {
                    fail(e, "target (the trustee) must be one agent: 'agent N' or ceo");
                }
                const EventTarget trustor = parse_target(e.trustor, e, org.names(), "trustor");
                if (trustor.kind != Kind::agent && trustor.kind != Kind::ceo) {
                    fail(e, "trustor must be one agent: 'agent N' or ceo");
                }
                check_exists(trustor, "trustor");
                if (trustor.id == target.id) fail(e, "the trustor and the target are the same agent");
                break;
            }
        }
    }
    check_team_changes(config, events, teams - split_count(events));
}

}  // namespace trustsim
