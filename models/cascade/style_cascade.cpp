#include "models/cascade/style_cascade.hpp"

#include "models/core/phases.hpp"
#include "sim/parallel.hpp"

#include <vector>

namespace trustsim::core {

void cascade_styles(CoreRun& run, const StepContext&) {
    CoreState& s = run.state;
    const Organisation& org = run.org();
    const auto rate = static_cast<float>(run.params.cascade.rate);
    // Every boss is a manager, so a copy of the managers' styles, by team, is all that is read.
    const std::uint32_t teams = org.teams();
    std::vector<Style> before(teams);
    for (std::uint32_t team = 0; team < teams; ++team) {
        if (!org.team_vacant(team)) before[team] = s.leadership.style[org.team_manager(team)];
    }
    for_each_agent(teams, [&](std::size_t t) {
        const AgentIndex manager = org.team_manager(static_cast<std::uint32_t>(t));
        if (manager == 0 || manager == no_manager) return;
        const Style& boss = before[static_cast<std::size_t>(org.member_of_team(manager))];
        Style& style = s.leadership.style[manager];
        for (std::size_t d = 0; d < style_dimension_count; ++d) style[d] += rate * (boss[d] - style[d]);
        set_help_cost(run, manager);  // it follows self-confidence
    });
}

}  // namespace trustsim::core
