#include "models/events/team_changes.hpp"

#include "models/people/agent_reference.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace trustsim {
namespace {

[[noreturn]] void fail(const ScriptedEvent& e, const std::string& message) {
    throw ConfigError((e.where.empty() ? std::string("events") : e.where) + ": " + event_type_name(e.type) +
                      " event in week " + std::to_string(e.week) + ": " + message);
}

std::string agent_text(const Organisation& org, AgentIndex agent) {
    const std::string number = "agent " + std::to_string(agent);
    return org.names().empty() ? number : number + " (" + org.names()[agent] + ")";
}

/// The manager of the team a target names, as the hierarchy stands when the event applies.
AgentIndex team_lead(const Organisation& org, const ScriptedEvent& e, const std::string& text, const char* key) {
    const EventTarget target = parse_target(text, e, org.names(), key);
    if (target.kind != EventTarget::Kind::team) fail(e, std::string(key) + " must be a team: 'team N'");
    if (target.named_leader) {
        if (target.id >= org.agents() || !org.is_manager(target.id)) {
            fail(e, std::string(key) + ": " + agent_text(org, target.id) + " leads no team at this point");
        }
        return target.id;
    }
    if (target.id >= org.teams()) {
        fail(e, std::string(key) + ": there is no team " + std::to_string(target.id) + " (team slots are 0 .. " +
                    std::to_string(org.teams() - 1) + ", counting those reserved for splits)");
    }
    if (org.team_vacant(target.id)) {
        fail(e, std::string(key) + ": team " + std::to_string(target.id) +
                    " is vacant at this point (merged into another team, or a split that has not happened yet)");
    }
    return org.team_manager(target.id);
}

bool inside_unit(const Organisation& org, AgentIndex agent, AgentIndex root) {
    for (std::int32_t a = static_cast<std::int32_t>(agent); a != no_parent; a = org.parent(static_cast<AgentIndex>(a))) {
        if (static_cast<AgentIndex>(a) == root) return true;
    }
    return false;
}

TeamChange plan_merge(const Organisation& org, const ScriptedEvent& e) {
    const AgentIndex absorbed = team_lead(org, e, e.target, "target");
    const AgentIndex into = team_lead(org, e, e.into, "into");
    if (absorbed == into) fail(e, "target and into are the same team");
    if (absorbed == 0) fail(e, "the CEO's team cannot be merged into another; merge the other team into it");
    if (inside_unit(org, into, absorbed)) {
        fail(e, "team " + std::to_string(org.leads_team(into)) + " is inside the unit of team " +
                    std::to_string(org.leads_team(absorbed)) + "; merge the other way round");
    }
    TeamChange change;
    change.new_manager = into;
    change.team = static_cast<std::uint32_t>(org.leads_team(absorbed));
    change.moves.push_back({absorbed, into});
    for (const AgentIndex report : org.reports(absorbed)) change.moves.push_back({report, into});
    change.detail = "team " + std::to_string(change.team) + " (" + std::to_string(org.report_count(absorbed)) +
                    " reports and its manager, " + agent_text(org, absorbed) + ") joins team " +
                    std::to_string(org.leads_team(into)) + " of " + agent_text(org, into);
    return change;
}

TeamChange plan_split(const Organisation& org, const ScriptedEvent& e) {
    const AgentIndex manager = team_lead(org, e, e.target, "target");
    const std::uint32_t team = static_cast<std::uint32_t>(org.leads_team(manager));
    if (manager == 0) fail(e, "the CEO's team cannot be split: the new team would have no manager above it");
    const auto reports = org.reports(manager);
    if (reports.size() < 3) {
        fail(e, "team " + std::to_string(team) + " has " + std::to_string(reports.size()) +
                    " reports; a split needs at least 3 (the new lead and one report on each side)");
    }
    AgentIndex lead = 0;
    if (!e.lead.empty()) {
        const auto reference = agent_reference(e.lead.rfind("agent ", 0) == 0 ? e.lead.substr(6) : e.lead, org.names());
        if (!reference || reference->id >= org.agents()) fail(e, "lead '" + e.lead + "' is not an agent ('agent N'" +
                                                                     (org.names().empty() ? ")" : " or a member's name)"));
        lead = reference->id;
        if (std::find(reports.begin(), reports.end(), lead) == reports.end()) {
            fail(e, "lead: " + agent_text(org, lead) + " is not a direct report of team " + std::to_string(team) + "'s manager");
        }
        if (org.is_manager(lead)) fail(e, "lead: " + agent_text(org, lead) + " already leads a team");
    } else {
        const auto first = std::find_if(reports.begin(), reports.end(), [&](AgentIndex r) { return !org.is_manager(r); });
        if (first == reports.end()) fail(e, "every report of team " + std::to_string(team) + " leads a team; name a lead");
        lead = *first;
    }
    std::vector<AgentIndex> others;
    for (const AgentIndex r : reports) {
        if (r != lead) others.push_back(r);
    }
    const auto k = static_cast<long>(others.size());
    const long moved = std::clamp(std::lround(e.split_share * static_cast<double>(k)), 1L, k - 1);
    TeamChange change;
    change.new_manager = lead;
    change.moves.push_back({lead, static_cast<AgentIndex>(org.parent(manager))});
    for (auto it = others.end() - moved; it != others.end(); ++it) change.moves.push_back({*it, lead});
    change.detail = agent_text(org, lead) + " leads a new team of " + std::to_string(moved) + " of team " +
                    std::to_string(team) + "'s " + std::to_string(reports.size()) + " reports";
    return change;
}

}  // namespace

bool changes_teams(const ScriptedEvent& event) {
    return event.type == EventType::merge_teams || event.type == EventType::split_team;
}

std::uint32_t split_count(const std::vector<ScriptedEvent>& events) {
    return static_cast<std::uint32_t>(
        std::count_if(events.begin(), events.end(), [](const ScriptedEvent& e) { return e.type == EventType::split_team; }));
}

std::vector<TeamChange> plan_team_changes(Organisation org, const std::vector<ScriptedEvent>& events, std::uint32_t after_week) {
    std::vector<std::uint32_t> order(events.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return events[a].week < events[b].week; });
    std::vector<TeamChange> plan;
    for (const std::uint32_t index : order) {
        const ScriptedEvent& e = events[index];
        if (!changes_teams(e) || e.week <= after_week) continue;
        TeamChange change = e.type == EventType::merge_teams ? plan_merge(org, e) : plan_split(org, e);
        change.event = index;
        try {
            org.reassign(change.moves);
        } catch (const std::invalid_argument& error) {
            fail(e, error.what());
        }
        if (e.type == EventType::split_team) {
            change.team = static_cast<std::uint32_t>(org.leads_team(change.new_manager));
            change.detail += " as team " + std::to_string(change.team);
        }
        plan.push_back(std::move(change));
    }
    return plan;
}

}  // namespace trustsim
