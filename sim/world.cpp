#include "sim/world.hpp"

namespace trustsim {

World build_world(const ScenarioConfig& config) {
    const RngKey key{static_cast<std::uint32_t>(config.seed), config.replicate};
    Organisation organisation(config.organisation.agents, config.organisation.span_of_control);
    TrustNetwork network(organisation, {config.organisation.k_lat, config.organisation.p_local}, key);
    return World{std::move(organisation), std::move(network), key};
}

}  // namespace trustsim
