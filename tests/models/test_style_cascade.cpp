// P6, the optional style cascade (models/cascade/): one week moves every manager below the CEO
// exactly rho of the way toward its boss's style of the week before; off, nothing moves.
#include "models/registry.hpp"
#include "tests/support/scenarios.hpp"

#include <catch2/catch.hpp>

using namespace trustsim;
using namespace trustsim::core;

TEST_CASE("the style cascade moves each manager a fraction of the way toward its boss", "[cascade]") {
    ScenarioConfig config = testing::scenario(2000, 3, "humble", 5);
    config.parameters.get<LeadershipConfig>().distribution = StyleDistribution::blend;
    config.parameters.get<CascadeConfig>() = {.enabled = true, .rate = 0.25};
    auto sim = testing::make_simulation(config, 2);
    std::vector<Style> before = testing::core_run(*sim).state.leadership.style;
    sim->step();
    const CoreRun& run = testing::core_run(*sim);
    const float rate = 0.25f;
    for (AgentIndex m = 1; m < run.org().teams(); ++m) {
        const Style& boss = before[static_cast<std::size_t>(run.org().parent(m))];
        for (std::size_t d = 0; d < style_dimension_count; ++d) {
            INFO("manager " << m << " dimension " << style_dimensions[d].name);
            CHECK(run.state.leadership.style[m][d] == before[m][d] + rate * (boss[d] - before[m][d]));
        }
    }
    CHECK(run.state.leadership.style[0].humility == before[0].humility);  // the CEO has no boss

    // Off (the default), the phase does not exist and styles stay as drawn.
    config.parameters.get<CascadeConfig>().enabled = false;
    auto off = testing::make_simulation(config, 2);
    const std::vector<Style> drawn = testing::core_run(*off).state.leadership.style;
    off->step();
    for (AgentIndex m = 0; m < run.org().teams(); ++m) CHECK(testing::core_run(*off).state.leadership.style[m].humility == drawn[m].humility);
}
