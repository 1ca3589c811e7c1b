// The negotiation section of a scenario: spec A.8, the optional negotiation module (integrative
// information sharing). Each week an agent opens, with probability p_neg, a two-issue negotiation
// with one of its cross-team ties; each side shares its private priorities with probability
// logistic(n0 + n1 t + n2 [the other shared last time] + n3 [swift]). Mutual sharing finds the
// Pareto-efficient trade, no sharing splits both issues 50/50, and a one-sided share is exploited
// by a claim of delta more (docs/MODEL.md, "Negotiation").
#pragma once

#include "sim/schema.hpp"

namespace trustsim {

struct NegotiationConfig {
    bool enabled = false;  ///< off by default, as the spec makes it optional
    double rate = 0.05;    ///< p_neg: probability per week that an agent opens a negotiation; [0, 1]
    double claim = 0.1;    ///< delta: the share of each issue a non-sharer claims beyond half; [0, 0.5]
    /// Logit of the probability that a side shares its priorities (spec n0..n3; the spec gives no
    /// values): intercept, per unit of the decider's trust in the other, if the other shared the
    /// last time these two negotiated, and in a swift-trust scenario. The defaults give 0.2 at
    /// t = 0.2, 0.5 at t = 0.5 and 0.8 at t = 0.8 with no history in slow mode.
    double share_intercept = -2.3;
    double share_trust = 4.6;
    double share_reciprocity = 1.5;
    double share_swift = 0.5;
    /// omega: party weight of the evidence a negotiation leaves (an exploited sharer's h- of
    /// g-_h * 2 delta, and with positive_evidence the h+ of A.3); 0 = output only; [0, 10].
    double evidence_weight = 1.0;
    /// Also record A.3's positive character evidence: h+ g+_h when my share was matched, h+
    /// omega_recip about a partner who shared with me. false = A.8 alone (only the h-).
    bool positive_evidence = true;
};

void visit(SchemaVisitor& v, NegotiationConfig& c);

}  // namespace trustsim
