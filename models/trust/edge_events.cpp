#include "models/trust/edge_events.hpp"

#include <algorithm>
#include <iterator>

namespace trustsim::core {
namespace {

/// One edge in the week just completed, as an event predicate sees it.
struct EdgeWeek {
    const CoreRun& run;
    AgentIndex observer;
    AgentIndex subject;
    EdgeIndex edge;
    std::uint8_t kind;
    std::uint32_t week;  ///< hire_step of a slot refilled this week
};

bool public_sign(const EdgeWeek& w, float EvidenceDelta::*facet) {
    const CoreState& s = w.run.state;
    if (!s.trust.has_public_events[w.subject]) return false;
    float total = s.trust.public_events[w.subject].evidence.*facet;
    if (w.kind & EdgeKind::to_manager) total += s.trust.reports_party_evidence[w.subject].*facet;
    if (w.kind & EdgeKind::to_report) total += s.trust.manager_party_evidence[w.subject].*facet;
    return total > 0;
}

struct EventType {
    SeriesSpec spec;
    bool (*applies)(const EdgeWeek&);
};

const EventType event_types[] = {
    {{"public_competence_gain", "", "j's public record gained competence evidence (a decision that succeeded)"},
     [](const EdgeWeek& w) { return public_sign(w, &EvidenceDelta::competence_gain); }},
    {{"public_competence_loss", "",
      "j's public record lost competence evidence (an admitted error, a discovered error or cover-up, a help request)"},
     [](const EdgeWeek& w) { return public_sign(w, &EvidenceDelta::competence_loss); }},
    {{"public_character_gain", "", "j's public record gained character evidence (a constructive response, a help request)"},
     [](const EdgeWeek& w) { return public_sign(w, &EvidenceDelta::character_gain); }},
    {{"public_character_loss", "", "j's public record lost character evidence (a punitive response, a discovered cover-up)"},
     [](const EdgeWeek& w) { return public_sign(w, &EvidenceDelta::character_loss); }},
    {{"admission", "", "j admitted errors in public (apology credit drawn per observer)"},
     [](const EdgeWeek& w) {
         const CoreState& s = w.run.state;
         return s.trust.has_public_events[w.subject] && s.trust.public_events[w.subject].admissions > 0;
     }},
    {{"asked_me_for_help", "", "j asked i for help"},
     [](const EdgeWeek& w) {
         const CoreState& s = w.run.state;
         if (!s.trust.has_public_events[w.subject]) return false;
         const PublicEvents& events = s.trust.public_events[w.subject];
         return events.helper[0] == w.observer || events.helper[1] == w.observer;
     }},
    {{"answered_my_help_request", "", "i asked j for help and j agreed (and succeeded or failed) or refused"},
     [](const EdgeWeek& w) {
         const CoreState& s = w.run.state;
         for (int slot = 0; slot < help_slots; ++slot) {
             if (s.interactions.help_edge[slot][w.observer] == w.edge && s.interactions.help_result[slot][w.observer] != HelpResult::none) return true;
         }
         return false;
     }},
    {{"manager_response", "", "j, i's manager, answered i's voice, report or discovered error (constructively or punitively)"},
     [](const EdgeWeek& w) {
         const CoreState& s = w.run.state;
         return (w.kind & EdgeKind::to_manager) && (s.leadership.responses_constructive[w.observer] || s.leadership.responses_punitive[w.observer]);
     }},
    {{"trusted_by_manager", "", "j, i's manager, opened a trust-first exchange with i"},
     [](const EdgeWeek& w) { return (w.kind & EdgeKind::to_manager) && w.run.state.leadership.offered_stake[w.observer] > 0; }},
    {{"report_task", "", "j, i's report, finished a task or reported an error to i"},
     [](const EdgeWeek& w) {
         const TaskOutcome outcome = w.run.state.interactions.task_outcome[w.subject];
         return (w.kind & EdgeKind::to_report) && (outcome == TaskOutcome::success || outcome == TaskOutcome::reported_error);
     }},
    {{"exchange_result", "", "j, i's report, answered i's trust-first exchange (kept or broken)"},
     [](const EdgeWeek& w) { return (w.kind & EdgeKind::to_report) && w.run.state.leadership.offered_stake[w.subject] > 0; }},
    {{"blessing", "", "i's manager trusted or praised j, i's co-worker (the leader's blessing)"},
     [](const EdgeWeek& w) {
         const CoreState& s = w.run.state;
         return w.run.params.modules.blessing && (w.kind & EdgeKind::same_team) &&
                (s.leadership.offered_stake[w.subject] > 0 || s.leadership.idea_praised[w.subject]);
     }},
    {{"relayed", "", "third parties retold j's public events to i (gossip module)"},
     [](const EdgeWeek& w) {
         return w.run.params.gossip.enabled && w.run.state.trust.has_public_events[w.subject] && w.run.relays.count(w.edge) > 0;
     }},
    {{"negotiation", "", "i and j negotiated this week, on this tie or its reverse (negotiation module)"},
     [](const EdgeWeek& w) {
         if (!w.run.params.negotiation.enabled) return false;
         const CoreState& s = w.run.state;
         const EdgeIndex back = w.run.network().reverse(w.edge);
         return s.negotiation.edge[w.observer] == w.edge || (back != no_edge && s.negotiation.edge[w.subject] == back);
     }},
    {{"restarted", "", "i or j was hired into the slot this week: the relationship restarted at the prior"},
     [](const EdgeWeek& w) {
         const CoreState& s = w.run.state;
         return s.traits.hire_step[w.observer] == static_cast<std::int32_t>(w.week) ||
                s.traits.hire_step[w.subject] == static_cast<std::int32_t>(w.week);
     }},
};
static_assert(std::size(event_types) <= 16, "event_types are written as 16-bit flags");

}  // namespace

std::vector<SeriesSpec> edge_event_types() {
    std::vector<SeriesSpec> specs;
    for (const EventType& type : event_types) specs.push_back(type.spec);
    return specs;
}

void edge_event_bits(const CoreRun& run, std::uint32_t week_done, std::span<const EdgeIndex> edges,
                     std::span<std::uint16_t> out) {
    const TrustNetwork& net = run.network();
    const auto offsets = net.row_offsets();
    for (std::size_t k = 0; k < edges.size(); ++k) {
        const EdgeIndex e = edges[k];
        const auto row = std::upper_bound(offsets.begin(), offsets.end(), e);
        const EdgeWeek week{run, static_cast<AgentIndex>(row - offsets.begin() - 1), net.target(e), e, net.kind(e),
                            week_done};
        std::uint16_t bits = 0;
        for (std::size_t b = 0; b < std::size(event_types); ++b) {
            if (event_types[b].applies(week)) bits = static_cast<std::uint16_t>(bits | (1u << b));
        }
        out[k] = bits;
    }
}

}  // namespace trustsim::core
