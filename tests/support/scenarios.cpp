#include "tests/support/scenarios.hpp"

#include "models/registry.hpp"

#include <stdexcept>
#include <vector>

namespace trustsim::testing {

ScenarioConfig scenario(std::uint32_t agents, std::uint32_t steps, const std::string& style, std::uint64_t seed) {
    ScenarioConfig config = default_scenario(config_vocabulary());
    config.name = "test";
    config.organisation.agents = agents;
    config.steps = steps;
    config.seed = seed;
    config.parameters.get<trustsim::LeadershipConfig>().style = style;
    return config;
}

std::unique_ptr<Simulation> make_simulation(const ScenarioConfig& config, unsigned threads) {
    return std::make_unique<Simulation>(RunPlan{config, {}, threads}, &create_model);
}

const core::CoreRun& core_run(const Simulation& simulation) {
    const auto* model = dynamic_cast<const core::CoreModel*>(&simulation.model());
    if (!model) throw std::logic_error("the simulation does not run the core model");
    return model->run();
}

std::string config_error(const std::string& yaml, const std::string& source) {
    try {
        parse_scenario(yaml, source, {}, config_vocabulary());
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "no error";
}

double org_metric(const Simulation& simulation, const std::string& name) {
    const std::vector<SeriesSpec>& series = simulation.model().schema().org_series;
    std::vector<double> values(series.size());
    simulation.model().org_values(values);
    for (std::size_t i = 0; i < series.size(); ++i) {
        if (series[i].name == name) return values[i];
    }
    throw std::invalid_argument("the model has no org series '" + name + "'");
}

ScenarioConfig with_events(const std::string& events, std::uint32_t steps, std::uint32_t k_lat) {
    const std::string text = "name: events\nsteps: " + std::to_string(steps) + "\norganisation: {agents: 2000, k_lat: " +
                             std::to_string(k_lat) + "}\nleadership: {style: infallible}\nevents:\n" + events;
    return parse_scenario(text, "events.yaml", {}, config_vocabulary());
}

std::unique_ptr<Simulation> up_to_events_of_week(const ScenarioConfig& config, std::uint32_t week) {
    auto sim = make_simulation(config, 2);
    for (std::uint32_t k = 1; k < week; ++k) sim->step();
    const Phase& events = sim->model().phases().front();
    if (events.name != "P0 scripted events") throw std::logic_error("the first phase is not the scripted events");
    events.run(StepContext{week, sim->world().key});
    return sim;
}

}  // namespace trustsim::testing
