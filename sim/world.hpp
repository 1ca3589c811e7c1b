// The engine-owned structure a model runs on: the hierarchy, the trust network and the RNG key.
// Built from the `organisation` section of a scenario before any model exists.
#pragma once

#include "sim/config.hpp"
#include "sim/organisation.hpp"
#include "sim/rng.hpp"
#include "sim/trust_network.hpp"

namespace trustsim {

struct World {
    Organisation organisation;
    TrustNetwork network;
    RngKey key;
};

/// Builds the hierarchy and network for a scenario; the seed and replicate form the RNG key.
World build_world(const ScenarioConfig& config);

}  // namespace trustsim
