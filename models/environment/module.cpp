// The environment module's phase (P1): theta* and every agent's belief; it also opens the week
// by dropping every agent's public-events flag.
#include "models/core/modules.hpp"
#include "models/core/phases.hpp"

namespace trustsim::core {

void add_environment_phases(CoreRun& run, Week& week) {
    week.add("P1", {"ability"}, {"belief", "environment_state", "has_public_events"},
             [&run](const StepContext& step) { update_environment(run, step); });
}

}  // namespace trustsim::core
