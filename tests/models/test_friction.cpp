// Friction (models/friction/): bureaucracy lowers the base productivity constant b of y_i to
// b (1 - level), and nothing else; off (the default), y is exactly what it was.
#include "models/registry.hpp"
#include "tests/support/scenarios.hpp"

#include <catch2/catch.hpp>

using namespace trustsim;
using namespace trustsim::core;

TEST_CASE("friction lowers each agent's output by a b level (1 + help gain H + I_T)", "[friction]") {
    ScenarioConfig config = testing::scenario(2000, 1, "humble", 9);
    auto off = testing::make_simulation(config, 2);
    config.parameters.get<FrictionConfig>() = {.enabled = true, .level = 0.25};
    auto on = testing::make_simulation(config, 2);
    off->step();
    on->step();
    const CoreRun& a = testing::core_run(*off);
    const CoreRun& b = testing::core_run(*on);
    const double lost_base = a.params.outcomes.base_productivity * 0.25;
    std::size_t checked = 0;
    for (AgentIndex i = 1; i < a.org().agents(); ++i) {
        if (a.state.traits.hire_step[i] == 1) continue;  // refilled this week: its y is NaN in both runs
        ++checked;
        int helps = 0;
        for (int slot = 0; slot < help_slots; ++slot) helps += a.state.interactions.help_result[slot][i] == HelpResult::agreed_succeeded;
        const auto team = static_cast<std::uint32_t>(a.org().member_of_team(i));
        const double expected = a.state.traits.ability[i] * lost_base *
                                (1.0 + a.params.interactions.help_received_gain * helps + a.state.leadership.innovation_stock[team]);
        INFO("agent " << i);
        REQUIRE(a.state.outcomes.performance[i] - b.state.outcomes.performance[i] == Approx(expected).margin(1e-5));
    }
    CHECK(checked > 1900);
    // The week's other outcomes do not see y, so they are the same.
    CHECK(a.state.outcomes.engagement == b.state.outcomes.engagement);
}
