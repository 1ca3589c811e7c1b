#include "tests/support/scenarios.hpp"

#include "models/registry.hpp"

#include <stdexcept>
#include <vector>

namespace trustsim::testing {

ScenarioConfig scenario(std::uint32_t agents, std::uint32_t steps, const std::string& style, std::uint64_t seed) {
    ScenarioConfig config;
    config.name = "test";
    config.organisation.agents = agents;
    config.steps = steps;
    config.seed = seed;
    config.leadership.style = style;
    return config;
}

std::unique_ptr<Simulation> make_simulation(const ScenarioConfig& config) {
    auto world = std::make_unique<World>(build_world(config));
    World& world_ref = *world;
    auto model = create_model(config, world_ref);
    return std::make_unique<Simulation>(std::move(world), std::move(model));
}

const core::CoreRun& core_run(const Simulation& simulation) {
    const auto* model = dynamic_cast<const core::CoreModel*>(&simulation.model());
    if (!model) throw std::logic_error("the simulation does not run the core model");
    return model->run();
}

double org_metric(const Simulation& simulation, core::OrgMetric metric) {
    std::vector<double> values(simulation.model().schema().org_series.size());
    simulation.model().org_values(values);
    return values[metric];
}

}  // namespace trustsim::testing
