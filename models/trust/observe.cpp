// P4: every agent pulls this week's evidence about each out-neighbour into its own row, then
// forgets toward the prior (spec A.3, A.5 P4; model-choices "Who observes what").
//
// This is the hot loop of a step: one pass over all edges, row by row. Per edge it reads the
// edge's 16 bytes and kind byte sequentially and the subject's 32-byte PublicEvents record at
// random; everything party-specific is either in the observer's own slots or behind a kind
// flag that only the few formal edges of a row carry. Evidence weights come from state before
// P4 (the cached trust in the manager, the edge's own value before its update). With gossip on
// (models/gossip/), a pass over the row before its update adds what third parties relay; that
// code is compiled into a second instantiation of the loop, so a run without it runs this one.
#include "models/core/phases.hpp"
#include "models/gossip/relay.hpp"
#include "sim/parallel.hpp"

namespace trustsim::core {
namespace {

struct Weights {
    float witness;            ///< omega of a non-party observer
    float party_extra;        ///< 1 - witness: what a party adds on top of the witness share
    float success_gain, failure_loss, kept_gain, broken_loss, being_trusted, apology_credit;
    float help_ask_credit, refusal_loss, constructive_gain, punitive_loss, blessing;
    float forgetting;
    bool blessing_on;

    explicit Weights(const CoreParameters& c)
        : witness(static_cast<float>(c.trust.witness_weight)),
          party_extra(static_cast<float>(1.0 - c.trust.witness_weight)),
          success_gain(static_cast<float>(c.trust.success_gain)),
          failure_loss(static_cast<float>(c.trust.failure_loss)),
          kept_gain(static_cast<float>(c.trust.kept_gain)),
          broken_loss(static_cast<float>(c.trust.broken_loss)),
          being_trusted(static_cast<float>(c.trust.being_trusted_gain)),
          apology_credit(static_cast<float>(c.trust.apology_credit)),
          help_ask_credit(static_cast<float>(c.trust.help_ask_credit)),
          refusal_loss(static_cast<float>(c.trust.refusal_loss)),
          constructive_gain(static_cast<float>(c.trust.constructive_gain)),
          punitive_loss(static_cast<float>(c.trust.punitive_loss)),
          blessing(static_cast<float>(c.trust.blessing_weight)),
          forgetting(static_cast<float>(c.trust.forgetting)),
          blessing_on(c.modules.blessing) {}
};

// The two helpers below are forced inline: P4's loop is instantiated twice (with and without
// gossip), and GCC would otherwise stop inlining them once they have two callers, which slowed
// the loop without gossip by about 10 %.

/// Evidence from j's formal role toward the observer i, when j is i's manager.
[[gnu::always_inline]] inline void add_from_manager(EvidenceDelta& d, const CoreState& s, AgentIndex observer, AgentIndex manager, const Weights& w) {
    if (s.trust.has_public_events[manager]) d.add_scaled(s.trust.reports_party_evidence[manager], w.party_extra);
    d.character_gain += w.party_extra * w.constructive_gain * s.leadership.responses_constructive[observer];
    d.character_loss += w.party_extra * w.punitive_loss * s.leadership.responses_punitive[observer];
    if (s.leadership.offered_stake[observer] > 0) d.character_gain += w.being_trusted;  // "j trusts me", private
}

/// Evidence about report j seen by its manager: task outcome and exchange result are private.
[[gnu::always_inline]] inline void add_from_report(EvidenceDelta& d, const CoreState& s, AgentIndex report, const Weights& w) {
    if (s.trust.has_public_events[report]) d.add_scaled(s.trust.manager_party_evidence[report], w.party_extra);
    switch (s.interactions.task_outcome[report]) {
        case TaskOutcome::success: d.competence_gain += w.success_gain; break;
        case TaskOutcome::reported_error: d.competence_loss += w.failure_loss; break;
        default: break;
    }
    const float stake = s.leadership.offered_stake[report];
    if (stake > 0) {
        const float returned = s.interactions.exchange_return[report];
        if (returned >= stake) {
            d.character_gain += w.kept_gain;
        } else {
            d.character_loss += w.broken_loss * (stake - returned) / stake;
        }
    }
}

void add_help_answer(EvidenceDelta& d, HelpResult result, const Weights& w) {
    switch (result) {
        case HelpResult::agreed_succeeded:
            d.character_gain += w.kept_gain;
            d.competence_gain += w.success_gain;
            break;
        case HelpResult::agreed_failed:
            d.character_gain += w.kept_gain;
            d.competence_loss += w.failure_loss;
            break;
        case HelpResult::refused: d.character_loss += w.refusal_loss; break;
        case HelpResult::none: break;
    }
}

/// One P4 pass. `Gossip` adds the evidence relayed by third parties (models/gossip/); without it
/// this is the same code as before gossip existed, so a run with gossip off costs the same.
template <bool Gossip>
void observe_rows(CoreRun& run, const StepContext& step) {
    CoreState& s = run.state;
    TrustNetwork& net = run.network();
    const std::span<Evidence> evidence(run.state.trust.evidence);
    const Weights w(run.params);
    const std::size_t edge_count = net.edges();
    // Prefetch in two stages: the subject's flag far ahead, then, nearer, its record only if the
    // flag says it published. Fetching every subject's record (three in four of them stale)
    // filled the memory system with useless random lines; P4 on one thread at 10^6 agents went
    // from 127-138 to 117-124 ms per step.
    constexpr EdgeIndex flag_prefetch_distance = 48;
    constexpr EdgeIndex record_prefetch_distance = 24;

    for_each_agent(run.org().agents(), [&](std::size_t i) {
        const auto observer = static_cast<AgentIndex>(i);
        const float trust_in_manager_before = s.trust.trust_in_manager[observer];
        const float own_prior_mean = s.traits.propensity[observer];
        const Prior own_prior = run.prior(own_prior_mean);
        const Prior reports_prior = run.prior(run.prior_mean(observer, EdgeKind::to_report));
        const EdgeIndex asked[help_slots] = {s.interactions.help_edge[0][observer], s.interactions.help_edge[1][observer]};
        RandomStream sincerity = run.stream(step.step, observer, Purpose::apology_sincerity);
        // What the row hears from relays (W_ij per edge), from its evidence before this update.
        RelayedRow heard;
        if constexpr (Gossip) heard = relayed_weights(run, observer);
        const std::span<const RelayedWeight> relayed = heard.weights;

        float member_sum = 0, leader_sum = 0;
        std::uint32_t member_edges = 0, leader_edges = 0;
        float new_trust_in_manager = trust_in_manager_before;

        for (EdgeIndex e = net.row_begin(observer); e < net.row_end(observer); ++e) {
            // The subject's flag and record are random reads; ask for those a few edges ahead
            // now so several misses are in flight at once instead of one per edge. (For a subject
            // that did not publish, the observer's own record is asked for: a choice without a
            // branch, and the same line for the whole row.)
            if (e + flag_prefetch_distance < edge_count) __builtin_prefetch(&s.trust.has_public_events[net.target(e + flag_prefetch_distance)]);
            if (e + record_prefetch_distance < edge_count) {
                const AgentIndex ahead = net.target(e + record_prefetch_distance);
                __builtin_prefetch(&s.trust.public_events[s.trust.has_public_events[ahead] ? ahead : observer]);
            }
            const AgentIndex subject = net.target(e);
            const std::uint8_t kind = net.kind(e);
            Evidence& edge = evidence[e];

            // The record of a subject that published nothing this week is stale (it is cleared
            // lazily), so it is read only behind the flag.
            EvidenceDelta d{};
            if (s.trust.has_public_events[subject]) {
                const PublicEvents& events = s.trust.public_events[subject];
                d.add_scaled(events.evidence, w.witness);
                if constexpr (Gossip) add_relayed(d, events.evidence, relayed[e - net.row_begin(observer)]);
                for (std::uint32_t k = 0; k < events.admissions; ++k) {
                    // The apology's character credit lands only if this observer judges it
                    // sincere, likelier the more it already trusted the subject's character.
                    if (sincerity.uniform() < character_expectation(edge)) {
                        d.character_gain += ((kind & EdgeKind::to_manager) ? 1.0f : w.witness) * w.apology_credit;
                        // The listener judges the apology once; the relayed accounts of it share
                        // that judgement.
                        if constexpr (Gossip) d.character_gain += relayed[e - net.row_begin(observer)].gain * w.apology_credit;
                    }
                }
                for (int slot = 0; slot < help_slots; ++slot) {
                    if (events.helper[slot] == observer) {
                        d.competence_loss += w.party_extra * events.help_competence_loss;
                        d.character_gain += w.party_extra * w.help_ask_credit;
                    }
                }
            }
            if (kind & EdgeKind::to_manager) add_from_manager(d, s, observer, subject, w);
            if (kind & EdgeKind::to_report) add_from_report(d, s, subject, w);
            for (int slot = 0; slot < help_slots; ++slot) {
                if (asked[slot] == e) add_help_answer(d, s.interactions.help_result[slot][observer], w);
            }
            if (w.blessing_on && (kind & EdgeKind::same_team) &&
                (s.leadership.offered_stake[subject] > 0 || s.leadership.idea_praised[subject])) {
                const float bless = w.blessing * trust_in_manager_before;
                d.competence_gain += bless;
                d.character_gain += bless;
            }

            update_evidence(edge, d, (kind & EdgeKind::to_report) ? reports_prior : own_prior, w.forgetting);

            if (kind & (EdgeKind::to_manager | EdgeKind::same_team | EdgeKind::to_report)) {
                const float t = run.composite(edge);
                if (kind & EdgeKind::to_manager) new_trust_in_manager = t;
                if (kind & (EdgeKind::to_manager | EdgeKind::same_team)) {
                    member_sum += t;
                    ++member_edges;
                }
                if (kind & EdgeKind::to_report) {
                    leader_sum += t;
                    ++leader_edges;
                }
            }
        }
        s.trust.trust_in_manager[observer] = new_trust_in_manager;
        s.trust.team_trust_sum_as_member[observer] = member_sum;
        s.trust.team_trust_edges_as_member[observer] = static_cast<std::uint16_t>(member_edges);
        s.trust.team_trust_sum_as_leader[observer] = leader_sum;
        s.trust.team_trust_edges_as_leader[observer] = static_cast<std::uint16_t>(leader_edges);
        if constexpr (Gossip) s.gossip.relayed_stories[observer] = static_cast<std::uint16_t>(heard.stories);
    });
}

}  // namespace

void observe_and_update_trust(CoreRun& run, const StepContext& step) {
    if (run.params.gossip.enabled) {
        observe_rows<true>(run, step);
    } else {
        observe_rows<false>(run, step);
    }
}

}  // namespace trustsim::core
