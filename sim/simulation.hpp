// The step loop. `step()` runs the model's phases in order, times each one into a StepProfile,
// then notifies observers. Nothing reads or writes the state during a step except the phases;
// observers run only between steps (checked by `stepping_`).
//
// A Simulation is assembled from a RunPlan and nothing else: the constructor builds the world and
// asks the model factory for the model, both inside the run's own tbb::task_arena, and every
// step runs in that arena too. The thread budget therefore belongs to the run, not to the
// process (no tbb::global_control), so a sweep can run many simulations side by side in one
// process, each with its own number of threads, and results stay bit-identical whatever the
// budget.
#pragma once

#include "sim/model.hpp"
#include "sim/observer.hpp"
#include "sim/run_plan.hpp"

#include <tbb/task_arena.h>

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
    /// Builds world and model for `plan` with `create_model` (the registry's create_model).
    Simulation(RunPlan plan, ModelFactory create_model);
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    void add_observer(Observer& observer) { observers_.push_back(&observer); }

    /// Runs the plan's steps. `on_progress(done, total)` is called after each step; returning
    /// false from `keep_going` stops the run early (observers are told it is incomplete).
    void run(const std::function<void(std::uint32_t, std::uint32_t)>& on_progress = {},
             const std::function<bool()>& keep_going = {});

    /// Runs one week without observers (tests and benchmarks).
    void step();

    /// Continues from a checkpoint of this scenario's organisation: the model takes the saved
    /// state and the run goes on after week `steps_done` (docs/checkpoints.md). Call before run().
    void restore(StateSource& source, std::uint32_t steps_done, const ScenarioConfig& saved);

    const RunPlan& plan() const noexcept { return plan_; }
    /// The threads this run's arena allows.
    unsigned threads() const noexcept { return static_cast<unsigned>(arena_.max_concurrency()); }
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

    /// Checks every phase's declared reads and writes after it runs (sim/phase_access_check.hpp):
    /// each phase runs twice and the whole state is copied four times, so only tests use it. On by
    /// default in debug and ASan builds; a release test turns it on for the whole model, so the
    /// fast suite catches an undeclared column too.
    void check_phase_access(bool on) noexcept { check_phase_access_ = on; }

  private:
    void run_steps(const std::function<void(std::uint32_t, std::uint32_t)>& on_progress,
                   const std::function<bool()>& keep_going);
    void step_in_arena();

    RunPlan plan_;
    tbb::task_arena arena_;
    std::unique_ptr<World> world_;
    std::unique_ptr<Model> model_;
    std::vector<Observer*> observers_;
    StepProfile profile_;
    std::uint32_t steps_done_ = 0;
    bool stepping_ = false;
#ifdef TRUSTSIM_CHECK_PHASE_WRITES
    bool check_phase_access_ = true;
#else
    bool check_phase_access_ = false;
#endif
    std::unique_ptr<TrustNetwork> week0_network_;  ///< see RunInfo::week0_network
    std::unique_ptr<Organisation> week0_organisation_;  ///< see RunInfo::week0_organisation
};

}  // namespace trustsim
