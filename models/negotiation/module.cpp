// The negotiation module's phases: the week's negotiations (P3d) and what each side records of
// them (P4b, after the trust update so that both land in the same week's evidence).
#include "models/core/modules.hpp"
#include "models/negotiation/negotiation.hpp"

#include <memory>

namespace trustsim::core {

void add_negotiation_phases(CoreRun& run, Week& week) {
    if (!run.params.negotiation.enabled) return;
    week.add("P3d", {"evidence", "negotiation_memory", "propensity"},
             {"negotiation_edge", "negotiation_sharing", "negotiation_joint", "negotiation_max"},
             [&run](const StepContext& step) { negotiate(run, step); });
    // Who answers whom, rebuilt when a reorganisation moves ties.
    auto ties = std::make_shared<AnsweringTies>(run.network());
    week.add("P4b", {"negotiation_edge", "negotiation_sharing"}, {"evidence", "negotiation_memory"},
             [&run, ties](const StepContext&) {
                 if (ties->network_version() != run.network().version()) *ties = AnsweringTies(run.network());
                 record_negotiations(run, *ties);
             });
    week.extend("P5d", {}, {"negotiation_memory"});  // a leaver's ties restart
}

}  // namespace trustsim::core
