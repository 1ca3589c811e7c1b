// Gossip works inside the trust update (P4): stories about a subject reach an observer through
// the relays it trusts.
#include "models/core/modules.hpp"

namespace trustsim::core {

void add_gossip_phases(CoreRun& run, Week& week) {
    if (!run.params.gossip.enabled) return;
    week.extend("P4", {}, {"relayed_stories"});
}

}  // namespace trustsim::core
