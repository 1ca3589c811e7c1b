// Culture works inside other modules' phases: an agent's power distance chi_i weighs on what
// managers' admissions cost (P2), on reporting, voice and asking upward (P3a), and on the help
// cost of managers appointed by events, replacement and the cascade.
#include "models/core/modules.hpp"

namespace trustsim::core {

void add_culture_phases(CoreRun& run, Week& week) {
    if (!run.params.culture.enabled) return;
    for (const char* slot : {"P2", "P3a", "P5d"}) week.extend(slot, {"power_distance"}, {});
    if (run.params.cascade.enabled) week.extend("P6", {"power_distance"}, {});
}

}  // namespace trustsim::core
