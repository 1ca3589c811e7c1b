// State of the core model, structure-of-arrays indexed by the dense agent id (or team index).
//
// Each module owns its columns in its own folder (a struct with its columns and a
// for_each_column listing them); CoreState is one of each, in the order of the week:
//   traits        models/people/       hire time only (initialisation, replacement)
//   environment   models/environment/  P1 (beliefs also in P2)
//   leadership    models/leadership/   P2: styles, decisions, inboxes to reports, team tallies
//   interactions  models/interactions/ P3a/P3b: exchange answers, tasks and errors, voice, help
//   trust         models/trust/        P4: evidence per edge; public events written in P2/P3a
//   outcomes      models/outcomes/     P5: safety, felt trust, engagement, performance, turnover
// and the optional modules' (events, collaboration, negotiation, gossip, culture, ideas).
// Within a week each column is written by the phase that owns it, each slot by its own agent
// (or the team's manager); docs/MODEL.md lists every phase with what it reads and writes.
#pragma once

#include "models/collaboration/state.hpp"
#include "models/culture/state.hpp"
#include "models/environment/state.hpp"
#include "models/events/state.hpp"
#include "models/gossip/state.hpp"
#include "models/ideas/state.hpp"
#include "models/interactions/state.hpp"
#include "models/leadership/state.hpp"
#include "models/negotiation/state.hpp"
#include "models/outcomes/state.hpp"
#include "models/people/state.hpp"
#include "models/trust/state.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace trustsim::core {

static_assert(sizeof(PublicEvents::helper) / sizeof(AgentIndex) == help_slots);

struct CoreState {
    TraitState traits;
    EnvironmentState environment;
    LeadershipState leadership;
    InteractionState interactions;
    TrustState trust;
    OutcomeState outcomes;
    EventsState events;
    CollaborationState collaboration;
    NegotiationState negotiation;
    GossipState gossip;
    CultureState culture;
    IdeasState ideas;

    /// Calls visit(module_state) for every module's state, in the order above.
    template <class Self, class Visit>
    static void for_each_module(Self& s, Visit&& visit) {
        visit(s.traits);
        visit(s.environment);
        visit(s.leadership);
        visit(s.interactions);
        visit(s.trust);
        visit(s.outcomes);
        visit(s.events);
        visit(s.collaboration);
        visit(s.negotiation);
        visit(s.gossip);
        visit(s.culture);
        visit(s.ideas);
    }
};

/// Calls visit(name, column) for every column of the state, each a std::vector (or, for an
/// org-level scalar, a one-element span) of trivially copyable elements: the whole state a week
/// carries into the next, which is what a checkpoint saves. A test checks that the columns
/// visited add up to sizeof(CoreState), so a column added to a module's state but not to its
/// for_each_column fails it.
template <class State, class Visit>
void for_each_column(State& s, Visit&& visit) {
    std::remove_cv_t<State>::for_each_module(s, [&](auto& module) { std::remove_cvref_t<decltype(module)>::for_each_column(module, visit); });
}

/// Calls visit(column) for every per-edge column (aligned with the network's col_index): what
/// moves with a tie when a reorganisation re-sorts a row.
template <class State, class Visit>
void for_each_edge_column(State& s, Visit&& visit) {
    visit(s.trust.evidence);
    visit(s.negotiation.memory);
}

/// The subject's public record for this week, cleared on first use: P1 only drops the flag, so
/// the week's reset costs one byte per agent instead of 64.
inline PublicEvents& open_public_events(CoreState& s, AgentIndex agent) {
    TrustState& trust = s.trust;
    if (!trust.has_public_events[agent]) {
        trust.has_public_events[agent] = 1;
        PublicEvents& events = trust.public_events[agent];
        events = PublicEvents{};
        events.helper[0] = events.helper[1] = no_agent;
        events.help_competence_loss = s.interactions.help_competence_loss[agent];
        trust.reports_party_evidence[agent] = EvidenceDelta{};
        trust.manager_party_evidence[agent] = EvidenceDelta{};
    }
    return trust.public_events[agent];
}

}  // namespace trustsim::core
