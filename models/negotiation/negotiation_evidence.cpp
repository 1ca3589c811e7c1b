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
// The opener finds its edge in its own slots; a partner scans its in-edges (the transpose) for
// openers whose edge is that in-edge, and writes the edge back to the opener, if it has one (no
// edge, no update). Evidence is added as lambda * delta after P4, which is what P4 would have
// made of it had it been in P4's delta (x <- lambda (x + delta) + (1 - lambda) x0 is linear).
// If both opened a negotiation with each other in the same week, the memory holds whether the
// other shared in either of them.
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

void record_negotiations(CoreRun& run, const StepContext&) {
    CoreState& s = run.state;
    const TrustNetwork& net = run.network();
    const std::span<Evidence> evidence(s.evidence);
    const NegotiationEvidence weights(run.params);

    for_each_agent(run.org().agents(), [&](std::size_t i) {
        const auto agent = static_cast<AgentIndex>(i);
        const std::uint8_t opened = s.negotiation_sharing[agent];
        const EdgeIndex own_edge = opened ? s.negotiation_edge[agent] : no_edge;
        if (opened) {
            const bool partner_shared = opened & NegotiationSharing::partner_shared;
            weights.apply(evidence[own_edge], opened & NegotiationSharing::opener_shared, partner_shared);
            s.negotiation_memory[own_edge] = partner_shared ? 1 : 0;
        }
        for (EdgeIndex p = net.in_begin(agent); p < net.in_end(agent); ++p) {
            const AgentIndex opener = net.in_source(p);
            const std::uint8_t sharing = s.negotiation_sharing[opener];
            if (!sharing || s.negotiation_edge[opener] != net.in_edge(p)) continue;
            const EdgeIndex back = net.reverse(net.in_edge(p));
            if (back == no_edge) continue;
            const bool opener_shared = sharing & NegotiationSharing::opener_shared;
            weights.apply(evidence[back], sharing & NegotiationSharing::partner_shared, opener_shared);
            if (back == own_edge) {
                s.negotiation_memory[back] = static_cast<std::uint8_t>(s.negotiation_memory[back] | (opener_shared ? 1 : 0));
            } else {
                s.negotiation_memory[back] = opener_shared ? 1 : 0;
            }
        }
    });
}

}  // namespace trustsim::core
