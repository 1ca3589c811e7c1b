// The optional negotiation module (spec A.8): two phases and the week's totals for the org series.
//
//   P3d negotiate            each agent (not the CEO) opens, with probability p_neg, a negotiation
//                            with a uniformly chosen cross-team tie and settles it at once: both
//                            sides' sharing decisions and priorities are drawn from the opener's
//                            stream, the partner's decision from the partner's trust in the opener
//                            (its reverse edge, or its propensity without one) and its memory.
//                            The result goes into the opener's own slots.
//   P4b record_negotiations  after P4, each agent updates its own row: the edge of the negotiation
//                            it opened, and the edge back to each opener whose partner it was:
//                            the memory "the other shared last time" and the character evidence
//                            of A.3. Evidence is added as lambda * delta, which is exactly what P4
//                            would have made of it had it been in P4's delta (forgetting is
//                            linear), so P4 itself is untouched.
//
// A partner finds the openers it answered among its answering ties (below), a static list of
// the few edges that can be the edge back of a negotiation, instead of scanning all its in-edges
// every week: lateral ties point one way, so at the defaults about 1 edge in 30 qualifies.
//
// Why the writes wait for P4b: in P3d an opener reads its partner's row (trust and memory on the
// edge back); had the opener also written its own row there, a partner opening with it in the
// same week would read a row being written.
#pragma once

#include "models/core/context.hpp"

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace trustsim::core {

/// Bits of negotiation_sharing: the agent opened a negotiation this week, and who shared.
namespace NegotiationSharing {
inline constexpr std::uint8_t negotiated = 1;
inline constexpr std::uint8_t opener_shared = 2;
inline constexpr std::uint8_t partner_shared = 4;
}  // namespace NegotiationSharing

/// A cross-team tie: j is neither i's manager, nor one of i's reports, nor a co-worker.
inline bool is_cross_team(std::uint8_t kind) noexcept {
    return (kind & (EdgeKind::to_manager | EdgeKind::to_report | EdgeKind::same_team)) == 0;
}

/// Joint value of a two-issue deal when both sides share: each issue goes to the side that weighs
/// it more (log-rolling), max(w_a, w_b) + max(1 - w_a, 1 - w_b), in [1, 2].
inline double pareto_joint_value(double w_a, double w_b) noexcept {
    return std::max(w_a, w_b) + std::max(1.0 - w_a, 1.0 - w_b);
}

/// The ties on which an agent can answer a negotiation: for each agent a, its out-edges a -> k
/// whose edge back k -> a is cross-team, so k can open a negotiation on it and a can record what
/// happened on its own edge. CSR over agents; built once, and again after a reorganisation
/// moves ties.
class AnsweringTies {
  public:
    AnsweringTies() = default;
    explicit AnsweringTies(const TrustNetwork& net);

    std::span<const EdgeIndex> of(AgentIndex a) const noexcept {
        return std::span(edges_).subspan(offsets_[a], offsets_[a + 1] - offsets_[a]);
    }
    std::size_t size() const noexcept { return edges_.size(); }
    /// The network version (TrustNetwork::version) the list was built for.
    std::uint32_t network_version() const noexcept { return network_version_; }

  private:
    std::uint32_t network_version_ = 0;
    std::vector<EdgeIndex> offsets_;
    std::vector<EdgeIndex> edges_;
};

/// P3d: this week's negotiations, each settled by the agent that opens it.
void negotiate(CoreRun& run, const StepContext& step);
/// P4b: the memory and the evidence each side records, each in its own row.
void record_negotiations(CoreRun& run, const AnsweringTies& ties);

/// This week's negotiations, summed in a fixed order (the org series).
struct NegotiationTotals {
    std::uint64_t negotiations = 0;
    std::uint64_t shares = 0;       ///< sides that shared (two sides per negotiation)
    double efficiency_sum = 0;      ///< sum of joint / max
};
NegotiationTotals negotiation_totals(const CoreRun& run);

}  // namespace trustsim::core
