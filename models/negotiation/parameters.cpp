#include "models/negotiation/parameters.hpp"

namespace trustsim {

void visit(SchemaVisitor& v, NegotiationConfig& c) {
    v.field("enabled", c.enabled);
    v.field("rate", c.rate, Range::unit());
    v.field("claim", c.claim, Range::closed(0, 0.5));
    v.field("share_intercept", c.share_intercept, Range::any());
    v.field("share_trust", c.share_trust, Range::any());
    v.field("share_reciprocity", c.share_reciprocity, Range::any());
    v.field("share_swift", c.share_swift, Range::any());
    v.field("evidence_weight", c.evidence_weight, Range::closed(0, 10));
    v.field("positive_evidence", c.positive_evidence);
}

}  // namespace trustsim
