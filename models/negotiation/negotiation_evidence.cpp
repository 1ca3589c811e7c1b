// P4b: what each side of this week's negotiations records, each in its own row (spec A.8, A.3).
//
// On its edge to the other side, each party records
//   * the memory: whether the other shared its priorities this time (read by next negotiations
//     of the pair as "[j shared last time]");
//   * h- omega g-_h (2 delta) if it shared and the other did not: it was exploited. 2 delta is the
//     sharer's shortfall relative to the even split it would have had (0.5 - delta against 0.5),
//     the same relative loss as in the exchange's h- g-_h (x - y)/x;
//   * with positive_evidence: h+ omega g+_h if it shared and the other shared too (a vulnerability
//     not exploited), and h+ omega omega_recip if the other shared with it ("j discloses to me").
//
// The opener finds its edge in its own slots; a partner looks along its answering ties a -> k
// for openers k whose negotiation edge is the edge back k -> a, and writes on its own tie. A
// partner without an edge back records nothing (no edge, no update). Evidence is added as
// lambda * delta after P4, which is what P4 would have made of it had it been in P4's delta
// (x <- lambda (x + delta) + (1 - lambda) x0 is linear). If both opened a negotiation with each
// other in the same week, the memory holds whether the other shared in either of them.
#include "models/negotiation/negotiation.hpp"

#include "sim/parallel.hpp"

namespace trustsim::core {
namespace {

struct NegotiationEvidence {
    float exploited;     ///< beta_h added when I shared and the other did not
    float reciprocated;  ///< alpha_h added when both shared
    float disclosed;     ///< alpha_h added when the other shared

    explicit NegotiationEvidence(const CoreParameters& p) {
        const double scale = p.negotiation.evidence_weight * p.trust.forgetting;
        const double positive = p.negotiation.positive_evidence ? scale : 0.0;
        exploited = static_cast<float>(scale * p.trust.broken_loss * 2.0 * p.negotiation.claim);
        reciprocated = static_cast<float>(positive * p.trust.kept_gain);
        disclosed = static_cast<float>(positive * p.trust.being_trusted_gain);
    }

    void apply(Evidence& edge, bool i_shared, bool other_shared) const noexcept {
        if (other_shared) edge.alpha_character += i_shared ? reciprocated + disclosed : disclosed;
        else if (i_shared) edge.beta_character += exploited;
    }
};

}  // namespace

AnsweringTies::AnsweringTies(const TrustNetwork& net) : network_version_(net.version()), offsets_(net.agents() + 1, 0) {
    auto answers = [&](EdgeIndex e) {
        const EdgeIndex back = net.reverse(e);
        return back != no_edge && is_cross_team(net.kind(back));
    };
    for (AgentIndex a = 0; a < net.agents(); ++a) {
        EdgeIndex count = 0;
        for (EdgeIndex e = net.row_begin(a); e < net.row_end(a); ++e) count += answers(e) ? 1u : 0u;
        offsets_[a + 1] = offsets_[a] + count;
    }
    edges_.reserve(offsets_.back());
    for (EdgeIndex e = 0; e < net.edges(); ++e) {
        if (answers(e)) edges_.push_back(e);
    }
}

void record_negotiations(CoreRun& run, const AnsweringTies& ties) {
    CoreState& s = run.state;
    const TrustNetwork& net = run.network();
    const std::span<Evidence> evidence(s.trust.evidence);
    const NegotiationEvidence weights(run.params);

    for_each_agent(run.org().agents(), [&](std::size_t i) {
        const auto agent = static_cast<AgentIndex>(i);
        const std::uint8_t opened = s.negotiation.sharing[agent];
        const EdgeIndex own_edge = opened ? s.negotiation.edge[agent] : no_edge;
        if (opened) {
            const bool partner_shared = opened & NegotiationSharing::partner_shared;
            weights.apply(evidence[own_edge], opened & NegotiationSharing::opener_shared, partner_shared);
            s.negotiation.memory[own_edge] = partner_shared ? 1 : 0;
        }
        for (const EdgeIndex tie : ties.of(agent)) {
            const AgentIndex opener = net.target(tie);
            const std::uint8_t sharing = s.negotiation.sharing[opener];
            if (!sharing || s.negotiation.edge[opener] != net.reverse(tie)) continue;
            const bool opener_shared = sharing & NegotiationSharing::opener_shared;
            weights.apply(evidence[tie], sharing & NegotiationSharing::partner_shared, opener_shared);
            if (tie == own_edge) {
                s.negotiation.memory[tie] = static_cast<std::uint8_t>(s.negotiation.memory[tie] | (opener_shared ? 1 : 0));
            } else {
                s.negotiation.memory[tie] = opener_shared ? 1 : 0;
            }
        }
    });
}

}  // namespace trustsim::core
