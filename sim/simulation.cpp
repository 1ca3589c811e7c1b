#include "sim/simulation.hpp"

#include <cassert>
#include <stdexcept>

namespace trustsim {
namespace {
double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

Simulation::Simulation(std::unique_ptr<World> world, std::unique_ptr<Model> model)
    : world_(std::move(world)), model_(std::move(model)) {
    if (!world_ || !model_) throw std::invalid_argument("Simulation needs a world and a model");
    for (const Phase& phase : model_->phases()) profile_.phase_names.push_back(phase.name);
    profile_.phase_seconds.assign(profile_.phase_names.size(), 0.0);
}

void Simulation::step() {
    stepping_ = true;
    const StepContext context{steps_done_ + 1, world_->key};
    std::size_t index = 0;
    for (const Phase& phase : model_->phases()) {
        const auto start = std::chrono::steady_clock::now();
        phase.run(context);
        profile_.phase_seconds[index++] += seconds_since(start);
    }
    ++steps_done_;
    ++profile_.steps;
    stepping_ = false;
}

void Simulation::run(const RunInfo& info, std::uint32_t steps,
                     const std::function<void(std::uint32_t, std::uint32_t)>& on_progress,
                     const std::function<bool()>& keep_going) {
    for (Observer* observer : observers_) observer->on_start(info, world(), model());
    std::uint32_t done = 0;
    bool completed = true;
    try {
        for (; done < steps; ++done) {
            if (keep_going && !keep_going()) {
                completed = false;
                break;
            }
            step();
            const auto start = std::chrono::steady_clock::now();
            const StepView view{steps_done_, world(), model()};
            for (Observer* observer : observers_) observer->on_step(view);
            profile_.observer_seconds += seconds_since(start);
            if (on_progress) on_progress(done + 1, steps);
        }
    } catch (...) {
        for (Observer* observer : observers_) observer->on_finish(done, false);
        throw;
    }
    const auto start = std::chrono::steady_clock::now();
    for (Observer* observer : observers_) observer->on_finish(done, completed);
    profile_.observer_seconds += seconds_since(start);
}

}  // namespace trustsim
