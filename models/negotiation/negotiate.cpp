// P3d: negotiations (spec A.8). Each agent below the CEO opens one with probability p_neg, with a
// cross-team tie chosen uniformly; the opener settles it at once from its own stream:
//
//   lane  block 0                      block 1
//   0     U < p_neg: open              partner shares
//   1-2   partner (53-bit pick)        w of the opener
//   3     opener shares                w of the partner
//
// Each side shares with probability logistic(n0 + n1 t + n2 [the other shared last time] + n3
// [swift]), where t and the memory are the decider's own: the opener's on its edge, the
// partner's on the edge back (its propensity and no memory when it has no edge back, as help
// answers do). Everything read is last week's (P4b and P4 ran before); nothing is written
// outside the opener's own slots.
//
// Joint value. Both issues are worth 1 in total; a side with weights (w, 1 - w) that gets
// shares (x1, x2) values them at w x1 + (1 - w) x2. Both share: each issue goes to the side that
// weighs it more, joint = max(w_a, w_b) + max(1 - w_a, 1 - w_b) = the maximum. Otherwise both
// issues are split alike, 50/50 or (0.5 + delta)/(0.5 - delta) for the non-sharer: a side with
// the same share x of both issues values it at x whatever its weights, so joint = x + (1 - x) = 1
// and only its division changes.
#include "models/negotiation/negotiation.hpp"

#include "sim/parallel.hpp"

namespace trustsim::core {

void negotiate(CoreRun& run, const StepContext& step) {
    CoreState& s = run.state;
    const TrustNetwork& net = run.network();
    const NegotiationConfig& c = run.params.negotiation;
    const double swift = run.params.trust.mode == TrustMode::swift ? c.share_swift : 0.0;
    auto p_share = [&](double trust, bool other_shared_last_time) {
        return logistic(c.share_intercept + c.share_trust * trust + (other_shared_last_time ? c.share_reciprocity : 0.0) + swift);
    };

    for_each_agent(run.org().agents(), [&](std::size_t i) {
        const auto opener = static_cast<AgentIndex>(i);
        s.negotiation.edge[opener] = no_edge;
        s.negotiation.sharing[opener] = 0;
        if (opener == 0) return;  // the CEO takes part only in P2 and help-seeking (model-choices "Roles")
        RandomStream draws = run.stream(step.step, opener, Purpose::negotiation);
        if (!(draws.uniform() < c.rate)) return;

        std::uint32_t ties = 0;
        for (EdgeIndex e = net.row_begin(opener); e < net.row_end(opener); ++e) ties += is_cross_team(net.kind(e)) ? 1u : 0u;
        if (ties == 0) return;
        std::uint32_t pick = draws.below(ties);
        EdgeIndex edge = net.row_begin(opener);
        for (;; ++edge) {
            if (is_cross_team(net.kind(edge)) && pick-- == 0) break;
        }
        const AgentIndex partner = net.target(edge);
        const EdgeIndex back = net.reverse(edge);

        const double opener_trust = run.edge_trust(edge);
        const double partner_trust = back == no_edge ? s.traits.propensity[partner] : run.edge_trust(back);
        const bool partner_shared_before = s.negotiation.memory[edge] != 0;
        const bool opener_shared_before = back != no_edge && s.negotiation.memory[back] != 0;
        const bool opener_shares = draws.bernoulli(p_share(opener_trust, partner_shared_before));
        const bool partner_shares = draws.bernoulli(p_share(partner_trust, opener_shared_before));
        const double opener_weight = draws.uniform();
        const double partner_weight = draws.uniform();

        const double best = pareto_joint_value(opener_weight, partner_weight);
        s.negotiation.edge[opener] = edge;
        s.negotiation.sharing[opener] = static_cast<std::uint8_t>(
            NegotiationSharing::negotiated | (opener_shares ? NegotiationSharing::opener_shared : 0) |
            (partner_shares ? NegotiationSharing::partner_shared : 0));
        s.negotiation.max[opener] = static_cast<float>(best);
        s.negotiation.joint[opener] = opener_shares && partner_shares ? static_cast<float>(best) : 1.0f;
    });
}

NegotiationTotals negotiation_totals(const CoreRun& run) {
    const CoreState& s = run.state;
    return reduce_fixed_order(
        run.org().agents(), NegotiationTotals{},
        [&](std::size_t begin, std::size_t end) {
            NegotiationTotals block;
            for (std::size_t i = begin; i < end; ++i) {
                const std::uint8_t sharing = s.negotiation.sharing[i];
                if (!sharing) continue;
                ++block.negotiations;
                block.shares += ((sharing & NegotiationSharing::opener_shared) ? 1u : 0u) +
                                ((sharing & NegotiationSharing::partner_shared) ? 1u : 0u);
                block.efficiency_sum += double{s.negotiation.joint[i]} / s.negotiation.max[i];
            }
            return block;
        },
        [](NegotiationTotals& total, const NegotiationTotals& block) {
            total.negotiations += block.negotiations;
            total.shares += block.shares;
            total.efficiency_sum += block.efficiency_sum;
        });
}

}  // namespace trustsim::core
