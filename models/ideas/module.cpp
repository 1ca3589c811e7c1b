// The idea pipeline works inside the managers' week (P2): a manager's own idea, the bar its
// reports' ideas must clear, and the ideas it forwards up and reviews.
#include "models/core/modules.hpp"

namespace trustsim::core {

void add_idea_phases(CoreRun& run, Week& week) {
    if (!run.params.ideas.enabled) return;
    week.extend("P2", {},
                {"own_idea", "forwarded_idea[0]", "forwarded_idea[1]", "forwarded_hops[0]", "forwarded_hops[1]",
                 "ideas_judged", "ideas_accepted", "forwards_judged", "forwards_accepted"});
}

}  // namespace trustsim::core
