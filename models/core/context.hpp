// What every core-model phase works on: the frozen scenario, the engine's world and the model's
// state, plus the derived rules used in hot loops. Phases are free functions over this struct
// (declared in phases.hpp), one concept per file.
#pragma once

#include "models/core/core_parameters.hpp"
#include "models/core/purposes.hpp"
#include "models/core/state.hpp"
#include "models/gossip/relay_table.hpp"
#include "models/trust/beta_trust.hpp"
#include "sim/config.hpp"
#include "sim/first_blocks.hpp"
#include "sim/model.hpp"
#include "sim/world.hpp"

#include <cmath>

namespace trustsim::core {

struct CoreRun {
    CoreRun(const ScenarioConfig& scenario, World& w)
        : config(scenario), params(scenario.parameters), world(w), composite(params.trust), prior(params.trust),
          relays(params.gossip.enabled ? RelayTable(w.network) : RelayTable()) {}

    const ScenarioConfig config;  ///< a copy: the model keeps no pointer into the caller's config
    const CoreParameters params;  ///< the model's sections of `config`, typed
    World& world;
    CoreState state;
    CompositeTrust composite;
    PriorRule prior;
    RelayTable relays;  ///< the relays of every edge, only with gossip on (models/gossip/); rebuilt when ties move

    const Organisation& org() const noexcept { return world.organisation; }
    TrustNetwork& network() noexcept { return world.network; }
    const TrustNetwork& network() const noexcept { return world.network; }

    RandomStream stream(std::uint32_t step, AgentIndex agent, Purpose purpose, std::uint32_t first_block = 0) const {
        return RandomStream(world.key, step, agent, static_cast<std::uint32_t>(purpose), first_block);
    }

    /// for_each_agent over every agent, the kernel(i, blocks) holding the first blocks of the
    /// agents' (step, agent, purpose) streams, computed many at a time (sim/first_blocks.hpp).
    template <class Kernel>
    void for_each_agent_with_blocks(std::uint32_t step, Purpose purpose, Kernel&& kernel) const {
        trustsim::for_each_agent_with_blocks(org().agents(), world.key, step, static_cast<std::uint32_t>(purpose), kernel);
    }

    /// The same with kernel(i, stream), the agent's (step, agent, purpose) stream.
    template <class Kernel>
    void for_each_agent_with_stream(std::uint32_t step, Purpose purpose, Kernel&& kernel) const {
        trustsim::for_each_agent_with_stream(org().agents(), world.key, step, static_cast<std::uint32_t>(purpose), kernel);
    }

    /// p0 of the trustor on an edge: its propensity, or max(propensity, trust_first) toward its
    /// own reports (A.4 phi).
    float prior_mean(AgentIndex trustor, std::uint8_t kind) const noexcept {
        const float propensity = state.traits.propensity[trustor];
        if (kind & EdgeKind::to_report) return std::max(propensity, state.leadership.style[trustor].trust_first);
        return propensity;
    }

    float edge_trust(EdgeIndex e) const noexcept { return composite(state.trust.evidence[e]); }
    float help_score(const Evidence& e) const noexcept { return composite.help_score(e); }
};

inline double logistic(double x) noexcept { return 1.0 / (1.0 + std::exp(-x)); }

}  // namespace trustsim::core
