#include "models/core/phases.hpp"

namespace trustsim::core {

// P1. Also opens the week: every agent drops its public-events flag (the record itself is
// cleared lazily by open_public_events). Every other weekly column is written unconditionally
// by the phase that owns it, so nothing else needs a reset pass.
void update_environment(CoreRun& run, const StepContext& step) {
    CoreState& s = run.state;
    const EnvironmentConfig& env = run.params.environment;

    RandomStream walk = run.stream(step.step, org_stream, Purpose::environment);
    if (walk.bernoulli(env.jump_probability)) {
        s.environment.theta_star = walk.normal();
    } else {
        s.environment.theta_star += env.drift_sd * walk.normal();
    }
    const double theta = s.environment.theta_star;

    run.for_each_agent_with_stream(step.step, Purpose::private_signal, [&](std::size_t i, RandomStream& signal) {
        const auto agent = static_cast<AgentIndex>(i);
        const double noise_sd = env.signal_noise / std::max(static_cast<double>(s.traits.ability[agent]), 1e-3);
        const double observed = theta + noise_sd * signal.normal();
        s.environment.belief[agent] = static_cast<float>((1.0 - env.signal_weight) * s.environment.belief[agent] + env.signal_weight * observed);

        s.trust.has_public_events[agent] = 0;
    });
}

}  // namespace trustsim::core
