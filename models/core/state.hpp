// State of the core model, structure-of-arrays indexed by the dense agent id (or team index).
//
// Columns are grouped by who writes them and when (model-choices "Order within a week"):
//   traits            hire time only (initialisation, replacement)
//   persistent        P1..P5, each column by its owning agent
//   inbox             a manager's messages to each report (stake offered, responses, praise);
//                     indexed by the report, written only by that report's manager, read by the
//                     report and its co-workers — the dense form of a per-down-edge slot
//   public events     what in-neighbours of the subject observe this week (read in P4)
//   weekly            this week's acts of each agent, reset by their owner each week
//   team              per team (= per manager), written by the team's manager
//
// "Pending" columns carry last week's voice and reports to this week's manager responses in
// P2: P2 reads them before P3a overwrites them, so one buffer suffices.
#pragma once

#include "models/culture/state.hpp"
#include "models/gossip/state.hpp"
#include "models/ideas/state.hpp"
#include "models/leadership/styles.hpp"
#include "models/negotiation/state.hpp"
#include "models/trust/beta_trust.hpp"
#include "sim/rng.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace trustsim::core {

inline constexpr AgentIndex no_agent = 0xFFFFFFFFu;

/// What a task came to this week (non-managers; a manager's task is its team decision).
enum class TaskOutcome : std::uint8_t { none, success, reported_error, hidden_error };

/// A help request's answer, written by the asker from the helper's pure decision (P3b).
enum class HelpResult : std::uint8_t { none, agreed_succeeded, agreed_failed, refused };

/// Help requests per agent per week: slot 0 is a manager's "uncertain" request in P2, slot 1 an
/// agent's request for a problem it cannot solve alone in P3a.
inline constexpr int help_slots = 2;

/// Unit-weight evidence about one subject that all its in-neighbours see this week, plus what
/// the observer needs to tell whether it is a party. 32 bytes: the one random read per edge.
struct PublicEvents {
    EvidenceDelta evidence;              ///< sum of public events, weight 1 (observer applies omega)
    AgentIndex helper[help_slots];       ///< party of each help request, no_agent if none
    float help_competence_loss;          ///< c- of one help request by this subject
    std::uint8_t admissions;             ///< admitted errors: h+ needs a sincerity draw per observer
    std::uint8_t padding[3];
};
static_assert(sizeof(PublicEvents) == 32);

struct CoreState {
    // per edge, aligned with the network's col_index; a row is written only by its source agent
    std::vector<Evidence> evidence;

    // traits
    std::vector<float> ability, character, return_fraction, propensity;
    std::vector<std::uint8_t> exploitative;
    std::vector<std::uint8_t> cooperative;  ///< people.cooperative: never breaches an exchange or refuses help
    std::vector<std::int32_t> hire_step;
    std::vector<Style> style;  ///< meaningful for managers
    std::vector<float> help_competence_loss;  ///< c- an observer records when this agent asks for help

    // persistent
    std::vector<float> belief, psych_safety, felt_trust, engagement, error_rate;
    std::vector<std::uint32_t> latent_errors;  ///< z_i, hidden uncorrected task errors
    std::vector<std::uint32_t> latent_cover;   ///< managers' concealed own errors
    std::vector<float> trust_in_manager;       ///< t(i, manager), refreshed after P4 and replacement
    std::vector<float> performance, turnover_intent;

    // inbox (indexed by report, written by its manager in P2)
    std::vector<float> offered_stake;  ///< exchange stake x from the manager, 0 = none
    std::vector<std::uint8_t> responses_constructive, responses_punitive, idea_praised;

    // pending from last week (written in P3a, answered in next P2)
    std::vector<std::uint8_t> pending_voice, pending_report;
    std::vector<std::uint16_t> pending_discovered;
    std::vector<float> voiced_estimate, idea_quality;

    // public events (written by the subject in P2/P3a, read by in-neighbours in P4)
    std::vector<PublicEvents> public_events;
    /// 1 if public_events[j] holds anything this week. At one byte per agent this stays in
    /// cache, so P4 touches the 32-byte record (a likely cache miss) only for agents that acted.
    std::vector<std::uint8_t> has_public_events;
    std::vector<EvidenceDelta> reports_party_evidence;  ///< manager events whose parties are its reports
    std::vector<EvidenceDelta> manager_party_evidence;  ///< events whose party is the subject's manager
    // (the three above are valid only while has_public_events is set; see open_public_events)

    /// 1 while a scripted scandal exposes the agent: this week every concealed or latent error
    /// of it is discovered (p_disc = 1). Set and cleared by the events phase (models/events/).
    std::vector<std::uint8_t> forced_discovery;

    CultureState culture;  ///< models/culture/state.hpp

    // weekly acts
    std::vector<TaskOutcome> task_outcome;
    std::vector<std::uint8_t> own_errors;        ///< task or leadership errors this week
    /// Agreed help requests as helper and as asker since hire (modules.collaboration; output only).
    std::vector<std::uint32_t> helps_given, helps_received;
    GossipState gossip;  ///< models/gossip/state.hpp
    std::vector<std::uint8_t> decision_success;  ///< managers: this week's decision succeeded
    std::vector<std::uint8_t> had_idea, voiced;
    std::vector<EdgeIndex> help_edge[help_slots];
    std::vector<HelpResult> help_result[help_slots];
    std::vector<float> exchange_return;   ///< y returned to the manager's offer
    std::vector<float> exchange_payoff;   ///< this agent's share of exchange surplus (as trustee)
    std::vector<std::uint8_t> quit;
    std::vector<float> team_trust_sum_as_member, team_trust_sum_as_leader;
    std::vector<std::uint16_t> team_trust_edges_as_member, team_trust_edges_as_leader;

    NegotiationState negotiation;  ///< models/negotiation/state.hpp

    // teams (indexed by team)
    std::vector<float> innovation_stock, decision_quality;
    std::vector<std::uint16_t> safety_events, safety_constructive;  ///< manager's share of S_T
    std::vector<float> safety_signal;        ///< S_T, or negative when the team had no events
    std::vector<std::uint16_t> reported_in_team;
    std::vector<float> truster_payoff;       ///< the manager's share of its exchanges' surplus
    IdeasState ideas;  ///< models/ideas/state.hpp (by team)

    // team outputs (computed each week after P5)
    std::vector<float> out_psych_safety, out_psafe_agreement, out_intrateam_trust, out_trust_in_manager,
        out_engagement, out_performance, out_reported_errors, out_latent_errors, out_learning_behaviour;

    // org level
    double environment_state = 0;  ///< theta*
};

/// Calls visit(name, column) for every column of the state, each a std::vector of trivially
/// copyable elements, then visit("environment_state", a one-element span) for the scalar: the
/// whole state a week carries into the next, which is what a checkpoint saves. A test checks that
/// the columns visited add up to sizeof(CoreState), so a column added above but not here fails it.
template <class State, class Visit>
void for_each_column(State& s, Visit&& visit) {
#define TRUSTSIM_COLUMN(name) visit(#name, s.name);
    TRUSTSIM_COLUMN(evidence)
    TRUSTSIM_COLUMN(ability) TRUSTSIM_COLUMN(character) TRUSTSIM_COLUMN(return_fraction) TRUSTSIM_COLUMN(propensity)
    TRUSTSIM_COLUMN(exploitative) TRUSTSIM_COLUMN(cooperative) TRUSTSIM_COLUMN(hire_step) TRUSTSIM_COLUMN(style) TRUSTSIM_COLUMN(help_competence_loss)
    TRUSTSIM_COLUMN(belief) TRUSTSIM_COLUMN(psych_safety) TRUSTSIM_COLUMN(felt_trust) TRUSTSIM_COLUMN(engagement)
    TRUSTSIM_COLUMN(error_rate) TRUSTSIM_COLUMN(latent_errors) TRUSTSIM_COLUMN(latent_cover)
    TRUSTSIM_COLUMN(trust_in_manager) TRUSTSIM_COLUMN(performance) TRUSTSIM_COLUMN(turnover_intent)
    TRUSTSIM_COLUMN(offered_stake) TRUSTSIM_COLUMN(responses_constructive) TRUSTSIM_COLUMN(responses_punitive)
    TRUSTSIM_COLUMN(idea_praised) TRUSTSIM_COLUMN(pending_voice) TRUSTSIM_COLUMN(pending_report)
    TRUSTSIM_COLUMN(pending_discovered) TRUSTSIM_COLUMN(voiced_estimate) TRUSTSIM_COLUMN(idea_quality)
    TRUSTSIM_COLUMN(public_events) TRUSTSIM_COLUMN(has_public_events) TRUSTSIM_COLUMN(reports_party_evidence)
    TRUSTSIM_COLUMN(manager_party_evidence) TRUSTSIM_COLUMN(forced_discovery) TRUSTSIM_COLUMN(task_outcome)
    TRUSTSIM_COLUMN(own_errors) TRUSTSIM_COLUMN(helps_given) TRUSTSIM_COLUMN(helps_received) TRUSTSIM_COLUMN(decision_success) TRUSTSIM_COLUMN(had_idea) TRUSTSIM_COLUMN(voiced)
    TRUSTSIM_COLUMN(help_edge[0]) TRUSTSIM_COLUMN(help_edge[1]) TRUSTSIM_COLUMN(help_result[0])
    TRUSTSIM_COLUMN(help_result[1]) TRUSTSIM_COLUMN(exchange_return) TRUSTSIM_COLUMN(exchange_payoff)
    TRUSTSIM_COLUMN(quit) TRUSTSIM_COLUMN(team_trust_sum_as_member) TRUSTSIM_COLUMN(team_trust_sum_as_leader)
    TRUSTSIM_COLUMN(team_trust_edges_as_member) TRUSTSIM_COLUMN(team_trust_edges_as_leader)
    TRUSTSIM_COLUMN(innovation_stock) TRUSTSIM_COLUMN(decision_quality) TRUSTSIM_COLUMN(safety_events)
    TRUSTSIM_COLUMN(safety_constructive) TRUSTSIM_COLUMN(safety_signal) TRUSTSIM_COLUMN(reported_in_team)
    TRUSTSIM_COLUMN(truster_payoff) TRUSTSIM_COLUMN(out_psych_safety) TRUSTSIM_COLUMN(out_psafe_agreement)
    TRUSTSIM_COLUMN(out_intrateam_trust) TRUSTSIM_COLUMN(out_trust_in_manager) TRUSTSIM_COLUMN(out_engagement)
    TRUSTSIM_COLUMN(out_performance) TRUSTSIM_COLUMN(out_reported_errors) TRUSTSIM_COLUMN(out_latent_errors)
    TRUSTSIM_COLUMN(out_learning_behaviour)
#undef TRUSTSIM_COLUMN
    // Modules' own state, each listing its columns in its folder.
    CultureState::for_each_column(s.culture, visit);
    GossipState::for_each_column(s.gossip, visit);
    NegotiationState::for_each_column(s.negotiation, visit);
    IdeasState::for_each_column(s.ideas, visit);
    auto environment = std::span(&s.environment_state, 1);
    visit("environment_state", environment);
}

/// Calls visit(column) for every per-edge column (aligned with the network's col_index): what
/// moves with a tie when a reorganisation re-sorts a row.
template <class State, class Visit>
void for_each_edge_column(State& s, Visit&& visit) {
    visit(s.evidence);
    visit(s.negotiation.memory);
}

/// The subject's public record for this week, cleared on first use: P1 only drops the flag, so
/// the week's reset costs one byte per agent instead of 64.
inline PublicEvents& open_public_events(CoreState& s, AgentIndex agent) {
    if (!s.has_public_events[agent]) {
        s.has_public_events[agent] = 1;
        PublicEvents& events = s.public_events[agent];
        events = PublicEvents{};
        events.helper[0] = events.helper[1] = no_agent;
        events.help_competence_loss = s.help_competence_loss[agent];
        s.reports_party_evidence[agent] = EvidenceDelta{};
        s.manager_party_evidence[agent] = EvidenceDelta{};
    }
    return s.public_events[agent];
}

}  // namespace trustsim::core
