#include "models/gossip/parameters.hpp"

namespace trustsim {

void visit(SchemaVisitor& v, GossipConfig& c) {
    v.field("enabled", c.enabled);
    // A relayed story never counts more than the event itself does for its party (omega = 1).
    v.field("weight", c.weight, Range::unit());
    v.field("echo", c.echo);
}

}  // namespace trustsim
