// Small organisations for tests and benchmarks, built the same way the CLI builds a run.
#pragma once

#include "models/core/core_model.hpp"
#include "sim/config.hpp"
#include "sim/simulation.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace trustsim::testing {

/// The default scenario at a given size, style and seed (every other value at its default).
ScenarioConfig scenario(std::uint32_t agents, std::uint32_t steps, const std::string& style = "humble",
                        std::uint64_t seed = 1);

/// A ready-to-step simulation of the scenario through the model registry, with its own thread
/// budget (0 = every core), assembled exactly as the CLI and the sweep runner assemble a run.
std::unique_ptr<Simulation> make_simulation(const ScenarioConfig& config, unsigned threads = 0);

/// The core model's state inside a simulation created by make_simulation.
const core::CoreRun& core_run(const Simulation& simulation);

/// The message of the ConfigError that parsing `yaml` (named `source` in messages) with the
/// registry's vocabulary throws, or "no error".
std::string config_error(const std::string& yaml, const std::string& source);

/// A 2,000-agent infallible organisation with `events` (YAML list items, each line starting
/// "  - "), parsed like a file named events.yaml (the first item is at line 6, column 5).
ScenarioConfig with_events(const std::string& events, std::uint32_t steps = 20, std::uint32_t k_lat = 6);

/// Runs weeks 1 .. week-1 at 2 threads, then only the scripted-events phase of `week`.
std::unique_ptr<Simulation> up_to_events_of_week(const ScenarioConfig& config, std::uint32_t week);

/// Two evidence records equal count for count (bit for bit).
inline bool same(const core::Evidence& a, const core::Evidence& b) {
    return a.alpha_competence == b.alpha_competence && a.beta_competence == b.beta_competence &&
           a.alpha_character == b.alpha_character && a.beta_character == b.beta_character;
}

/// The org-level metric after the last step.
double org_metric(const Simulation& simulation, const std::string& name);

}  // namespace trustsim::testing
