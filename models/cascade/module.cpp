// The style cascade's phase (P6): managers drift toward their own boss's style.
#include "models/cascade/style_cascade.hpp"
#include "models/core/modules.hpp"

namespace trustsim::core {

void add_cascade_phases(CoreRun& run, Week& week) {
    if (!run.params.cascade.enabled) return;
    week.add("P6", {}, {"style", "help_competence_loss"}, [&run](const StepContext& step) { cascade_styles(run, step); });
}

}  // namespace trustsim::core
