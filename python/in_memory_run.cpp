#include "python/in_memory_run.hpp"

#include "models/memory_estimate.hpp"
#include "models/registry.hpp"
#include "sim/memory_limit.hpp"
#include "sim/simulation.hpp"

namespace trustsim::python {

ScenarioConfig read_scenario(const std::string& source, bool is_text, const std::vector<ConfigOverride>& overrides) {
    return is_text ? parse_scenario(source, scenario_text_name, overrides, config_vocabulary())
                   : load_scenario(source, overrides, config_vocabulary());
}

std::string check_memory_fits(const ScenarioConfig& config) {
    const MemoryEstimate need = estimate_memory(config);
    if (const std::optional<std::uint64_t> available = available_memory_bytes()) {
        check_memory(need, *available, "the " + format_bytes(*available) + " this machine has available");
    }
    return need.describe();
}

RecordedRun run_in_memory(ScenarioConfig config, unsigned threads, const std::function<bool()>& keep_going) {
    const OutputConfig output = config.output;
    Simulation simulation(RunPlan{std::move(config), "", threads}, &create_model);
    MemoryRecorder recorder(output);
    simulation.add_observer(recorder);
    simulation.run({}, keep_going);
    return std::move(recorder.result());
}

}  // namespace trustsim::python
