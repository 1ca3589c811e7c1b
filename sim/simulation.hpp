// The step loop. `step()` runs the model's phases in order, times each one into a StepProfile,
// then notifies observers. Nothing reads or writes the state during a step except the phases;
// observers run only between steps (checked by `stepping_`).
#pragma once

#include "sim/model.hpp"
#include "sim/observer.hpp"

#include <cassert>
#include <chrono>
#include <functional>
#include <memory>
#include <vector>

namespace trustsim {

/// Seconds spent in each phase, summed over the steps run, plus observer time.
struct StepProfile {
    std::vector<std::string> phase_names;
    std::vector<double> phase_seconds;
    double observer_seconds = 0;
    std::uint32_t steps = 0;
};

class Simulation {
  public:
    Simulation(std::unique_ptr<World> world, std::unique_ptr<Model> model);

    void add_observer(Observer& observer) { observers_.push_back(&observer); }

    /// Runs `steps` weeks. `on_progress(done, total)` is called after each step; returning
    /// false from `keep_going` stops the run early (observers are told it is incomplete).
    void run(const RunInfo& info, std::uint32_t steps,
             const std::function<void(std::uint32_t, std::uint32_t)>& on_progress = {},
             const std::function<bool()>& keep_going = {});

    /// Runs one week without observers (tests and benchmarks).
    void step();

    std::uint32_t steps_done() const noexcept { return steps_done_; }
    /// State is read only between steps; a debug build checks it (Box2D's world->locked).
    const World& world() const noexcept {
        assert(!stepping_ && "the world is read only between steps");
        return *world_;
    }
    const Model& model() const noexcept {
        assert(!stepping_ && "the model is read only between steps");
        return *model_;
    }
    const StepProfile& profile() const noexcept { return profile_; }

  private:
    std::unique_ptr<World> world_;
    std::unique_ptr<Model> model_;
    std::vector<Observer*> observers_;
    StepProfile profile_;
    std::uint32_t steps_done_ = 0;
    bool stepping_ = false;
};

}  // namespace trustsim
