#include "sim/simulation.hpp"

#include "sim/phase_access_check.hpp"

#include <tbb/info.h>

#include <algorithm>
#include <cassert>
#include <map>
#include <stdexcept>

namespace trustsim {
namespace {
double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int arena_size(unsigned threads) {
    return threads > 0 ? static_cast<int>(threads) : tbb::info::default_concurrency();
}
}  // namespace

Simulation::Simulation(RunPlan plan, ModelFactory create_model)
    : plan_(std::move(plan)), arena_(arena_size(plan_.threads)) {
    if (!create_model) throw std::invalid_argument("Simulation needs a model factory");
    // The world and the model are built in the run's arena: their initialisation is parallel,
    // and it must respect this run's budget like the steps do.
    arena_.execute([&] {
        world_ = std::make_unique<World>(build_world(plan_.scenario));
        model_ = create_model(plan_.scenario, *world_);
    });
    if (!model_) throw std::invalid_argument("the model factory returned no model for '" + plan_.scenario.model + "'");
    for (const Phase& phase : model_->phases()) profile_.phase_names.push_back(phase.name);
    profile_.phase_seconds.assign(profile_.phase_names.size(), 0.0);
}

void Simulation::restore(StateSource& source, std::uint32_t steps_done, const ScenarioConfig& saved) {
    if (steps_done_ != 0) throw std::logic_error("restore() is for a simulation that has not stepped yet");
    if (steps_done > plan_.scenario.steps) {
        throw std::invalid_argument("the checkpoint is of week " + std::to_string(steps_done) + ", past the run's " +
                                    std::to_string(plan_.scenario.steps) + " steps");
    }
    // Restoring replays the checkpoint's reorganisations; the output still describes week 0.
    if (model_->schema().topology_may_change) week0_network_ = std::make_unique<TrustNetwork>(world_->network);
    if (model_->schema().edge_slots > 0) week0_organisation_ = std::make_unique<Organisation>(world_->organisation);
    arena_.execute([&] { model_->load_state(source, steps_done, saved); });
    steps_done_ = steps_done;
}

void Simulation::step() {
    arena_.execute([&] { step_in_arena(); });
}

void Simulation::step_in_arena() {
    stepping_ = true;
    const StepContext context{steps_done_ + 1, world_->key};
    std::size_t index = 0;
    for (const Phase& phase : model_->phases()) {
        const auto start = std::chrono::steady_clock::now();
        if (check_phase_access_) {
            run_checked(*model_, phase, context);
        } else {
            phase.run(context);
        }
        profile_.phase_seconds[index++] += seconds_since(start);
    }
    ++steps_done_;
    ++profile_.steps;
    stepping_ = false;
}

void Simulation::run(const std::function<void(std::uint32_t, std::uint32_t)>& on_progress,
                     const std::function<bool()>& keep_going) {
    arena_.execute([&] { run_steps(on_progress, keep_going); });
}

void Simulation::run_steps(const std::function<void(std::uint32_t, std::uint32_t)>& on_progress,
                           const std::function<bool()>& keep_going) {
    const std::uint32_t steps = plan_.scenario.steps;
    const RunInfo info{&plan_.scenario, observers_.empty() ? std::string() : to_yaml(plan_.scenario), threads(), steps,
                       steps_done_, week0_network_.get(), week0_organisation_.get()};
    for (Observer* observer : observers_) observer->on_start(info, world(), model());
    std::uint32_t done = steps_done_;
    bool completed = true;
    try {
        for (; done < steps; ++done) {
            if (keep_going && !keep_going()) {
                completed = false;
                break;
            }
            step_in_arena();
            const auto start = std::chrono::steady_clock::now();
            const StepView view{steps_done_, world(), model()};
            for (Observer* observer : observers_) observer->on_step(view);
            profile_.observer_seconds += seconds_since(start);
            if (on_progress) on_progress(done + 1, steps);
        }
    } catch (...) {
        // The original error is what the user needs; an observer failing to clean up after it
        // must not replace it (or escape a second exception into std::terminate).
        for (Observer* observer : observers_) {
            try {
                observer->on_finish(done, false);
            } catch (...) {
            }
        }
        throw;
    }
    const auto start = std::chrono::steady_clock::now();
    for (Observer* observer : observers_) observer->on_finish(done, completed);
    profile_.observer_seconds += seconds_since(start);
}

}  // namespace trustsim
