// P6 (optional): the style cascade of spec A.5. After the week's outcomes and replacements, every
// manager below the CEO moves its six style dimensions a fraction rho of the way toward its own
// manager's. All managers move at once from last week's styles (a copy), so the result does not
// depend on the order or the thread count; the CEO's style changes only by events.
#pragma once

#include "models/core/context.hpp"

namespace trustsim::core {

void cascade_styles(CoreRun& run, const StepContext& step);

}  // namespace trustsim::core
