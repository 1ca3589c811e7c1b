// The engine-owned structure a model runs on: the hierarchy, the trust network and the RNG key.
// Built from the `organisation` section of a scenario before any model exists.
#pragma once

#include "sim/config.hpp"
#include "sim/organisation.hpp"
#include "sim/rng.hpp"
#include "sim/trust_network.hpp"

#include <optional>
#include <span>
#include <string>

namespace trustsim {

struct World {
    Organisation organisation;
    TrustNetwork network;
    RngKey key;
};

/// The hierarchy a scenario's organisation section describes (generated or explicit), without
/// the network: what checks of targets and names need.
Organisation build_organisation(const OrganisationConfig& config);

/// What checks of names and targets need to know about a scenario's hierarchy, without building
/// a generated one (whose managers are agents 0 .. teams-1 of the complete span-ary tree, so it
/// is checked by formula at any size); an explicit one is small and is built.
class OrganisationShape {
  public:
    explicit OrganisationShape(const OrganisationConfig& config);
    std::uint64_t agents() const;
    std::uint64_t teams() const;
    bool is_manager(std::uint64_t agent) const;
    /// Member names by agent id (empty for a generated organisation).
    std::span<const std::string> names() const;
    /// "agent N", with the member's name in an explicit organisation.
    std::string describe(std::uint64_t agent) const;

  private:
    OrganisationConfig config_;
    std::optional<Organisation> built_;
};

/// Builds the hierarchy and network for a scenario; the seed and replicate form the RNG key.
World build_world(const ScenarioConfig& config);

}  // namespace trustsim
