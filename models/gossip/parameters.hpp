// The gossip section of a scenario: spec A.3's optional third-party relay. Each week an observer
// also hears the public events of its out-neighbours' subjects from the relays it has ties to,
// at omega = omega_gossip * t(i, relay) per relay (docs/MODEL.md, "Gossip").
#pragma once

#include "sim/schema.hpp"

namespace trustsim {

struct GossipConfig {
    bool enabled = false;  ///< off by default, as the spec makes it optional
    double weight = 0.1;   ///< omega_gossip: a relayed story counts weight * t(listener, relay); [0, 1]
    /// Relays echo the listener's view of the subject (Burt & Knez 1995; Burt 2001): about a tie
    /// stronger than the listener's average tie they pass on the good news of a story, about a
    /// weaker one the bad news. false: every story is passed on whole.
    bool echo = true;
};

void visit(SchemaVisitor& v, GossipConfig& c);

}  // namespace trustsim
