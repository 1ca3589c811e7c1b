#include "models/cascade/style_cascade.hpp"

#include "models/core/phases.hpp"
#include "sim/parallel.hpp"

#include <vector>

namespace trustsim::core {

void cascade_styles(CoreRun& run, const StepContext&) {
    CoreState& s = run.state;
    const Organisation& org = run.org();
    const auto rate = static_cast<float>(run.params.cascade.rate);
    // Managers are agents 0 .. teams-1 (breadth-first ids), and every boss is a manager.
    const std::uint32_t managers = org.teams();
    const std::vector<Style> before(s.style.begin(), s.style.begin() + managers);
    for_each_agent(managers, [&](std::size_t i) {
        const auto manager = static_cast<AgentIndex>(i);
        if (manager == 0) return;
        const Style& boss = before[static_cast<std::size_t>(org.parent(manager))];
        Style& style = s.style[manager];
        for (std::size_t d = 0; d < style_dimension_count; ++d) style[d] += rate * (boss[d] - style[d]);
        set_help_cost(run, manager);  // it follows self-confidence
    });
}

}  // namespace trustsim::core
