// Observers see the simulation between steps, never during one (the engine asserts this), and
// only through const views: output is not part of the simulation.
#pragma once

#include "sim/model.hpp"

#include <cstdint>
#include <string>

namespace trustsim {

struct RunInfo {
    const ScenarioConfig* config;
    std::string resolved_config_yaml;
    std::uint32_t threads;
    std::uint32_t steps_planned;  ///< the plan's step count; a run that stops short is incomplete
    std::uint32_t steps_before = 0;  ///< weeks done before this run started (continued from a checkpoint)
    /// The network at week 0, when a checkpoint's reorganisations have moved ties since (null:
    /// the world's network is week 0's). Output describes the week-0 network and follows
    /// sampled ties from there, as the uninterrupted run does.
    const TrustNetwork* week0_network = nullptr;
    /// The hierarchy at week 0, when a checkpoint's merges or splits have changed it since.
    const Organisation* week0_organisation = nullptr;
};

struct StepView {
    std::uint32_t step;  ///< the week just completed (1-based)
    const World& world;
    const Model& model;
};

class Observer {
  public:
    virtual ~Observer() = default;
    virtual void on_start(const RunInfo& info, const World& world, const Model& model) = 0;
    virtual void on_step(const StepView& view) = 0;
    /// `completed` is false when the run stopped early (an error or an interrupt).
    virtual void on_finish(std::uint32_t steps_completed, bool completed) = 0;
};

}  // namespace trustsim
