// The trust module's state (P4, models/trust/): the evidence on every edge, and the week's
// public events every subject leaves for its in-neighbours to observe. Subjects write their own
// record in P2/P3a (open_public_events in models/core/state.hpp); P4 reads them and writes only
// the observer's own row. CoreState holds one of these; its columns keep the flat names
// checkpoints use.
#pragma once

#include "models/people/state.hpp"
#include "models/trust/beta_trust.hpp"

#include <cstdint>
#include <vector>

namespace trustsim::core {

/// Unit-weight evidence about one subject that all its in-neighbours see this week, plus what
/// the observer needs to tell whether it is a party. 32 bytes: the one random read per edge.
struct PublicEvents {
    EvidenceDelta evidence;              ///< sum of public events, weight 1 (observer applies omega)
    AgentIndex helper[2];                ///< party of each help request (help_slots), no_agent if none
    float help_competence_loss;          ///< c- of one help request by this subject
    std::uint8_t admissions;             ///< admitted errors: h+ needs a sincerity draw per observer
    std::uint8_t padding[3];
};
static_assert(sizeof(PublicEvents) == 32);

struct TrustState {
    /// Per edge, aligned with the network's col_index; a row is written only by its source agent.
    std::vector<Evidence> evidence;
    std::vector<float> trust_in_manager;  ///< t(i, manager), refreshed after P4 and replacement

    // public events (written by the subject in P2/P3a, read by in-neighbours in P4)
    std::vector<PublicEvents> public_events;
    /// 1 if public_events[j] holds anything this week. At one byte per agent this stays in
    /// cache, so P4 touches the 32-byte record (a likely cache miss) only for agents that acted.
    std::vector<std::uint8_t> has_public_events;
    std::vector<EvidenceDelta> reports_party_evidence;  ///< manager events whose parties are its reports
    std::vector<EvidenceDelta> manager_party_evidence;  ///< events whose party is the subject's manager
    // (the three above are valid only while has_public_events is set; see open_public_events)

    /// Each agent's trust in its teammates as a member and in its team as a leader, summed in P4
    /// for the team climate (P5a).
    std::vector<float> team_trust_sum_as_member, team_trust_sum_as_leader;
    std::vector<std::uint16_t> team_trust_edges_as_member, team_trust_edges_as_leader;

    template <class Self, class Visit>
    static void for_each_column(Self& s, Visit&& visit) {
        visit("evidence", s.evidence);
        visit("trust_in_manager", s.trust_in_manager);
        visit("public_events", s.public_events);
        visit("has_public_events", s.has_public_events);
        visit("reports_party_evidence", s.reports_party_evidence);
        visit("manager_party_evidence", s.manager_party_evidence);
        visit("team_trust_sum_as_member", s.team_trust_sum_as_member);
        visit("team_trust_sum_as_leader", s.team_trust_sum_as_leader);
        visit("team_trust_edges_as_member", s.team_trust_edges_as_member);
        visit("team_trust_edges_as_leader", s.team_trust_edges_as_leader);
    }
};

}  // namespace trustsim::core
