#include "models/core/phases.hpp"
#include "sim/parallel.hpp"

namespace trustsim::core {

// P1. Also opens the week: every agent clears the event slots it owns, so P2 and P3a only add.
void update_environment(CoreRun& run, const StepContext& step) {
    CoreState& s = run.state;
    const EnvironmentConfig& env = run.config.environment;

    RandomStream walk = run.stream(step.step, org_stream, Purpose::environment);
    if (walk.bernoulli(env.jump_probability)) {
        s.environment_state = walk.normal();
    } else {
        s.environment_state += env.drift_sd * walk.normal();
    }
    const double theta = s.environment_state;

    for_each_agent(run.org().agents(), [&](std::size_t i) {
        const auto agent = static_cast<AgentIndex>(i);
        RandomStream signal = run.stream(step.step, agent, Purpose::private_signal);
        const double noise_sd = env.signal_noise / std::max(static_cast<double>(s.ability[agent]), 1e-3);
        const double observed = theta + noise_sd * signal.normal();
        s.belief[agent] = static_cast<float>((1.0 - env.signal_weight) * s.belief[agent] + env.signal_weight * observed);

        s.has_public_events[agent] = 0;
        PublicEvents& events = s.public_events[agent];
        events = PublicEvents{};
        events.helper[0] = events.helper[1] = no_agent;
        events.help_competence_loss = s.help_competence_loss[agent];
        s.reports_party_evidence[agent] = EvidenceDelta{};
        s.manager_party_evidence[agent] = EvidenceDelta{};
        s.task_outcome[agent] = TaskOutcome::none;
        s.own_errors[agent] = 0;
        s.decision_success[agent] = 0;
        s.had_idea[agent] = 0;
        s.voiced[agent] = 0;
        s.quit[agent] = 0;
        for (int slot = 0; slot < help_slots; ++slot) {
            s.help_edge[slot][agent] = no_edge;
            s.help_result[slot][agent] = HelpResult::none;
        }
        s.exchange_return[agent] = 0;
        s.exchange_payoff[agent] = 0;
    });
}

}  // namespace trustsim::core
