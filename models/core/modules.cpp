#include "models/core/modules.hpp"

namespace trustsim::core {
namespace {

// Modules that fill slots come before those that act inside another module's phase. Friction
// (a parameter of the outcomes) and people (settings at hire) have no phase of their own, nor
// does influence (measured at snapshots); the scripted events (P0) and the measurement (P5c)
// belong to the model itself (core_model.cpp). The modules' output rows follow the core's in
// this order.
constexpr CoreModule modules[] = {
    {"environment", &add_environment_phases},
    {"leadership", &add_leadership_phases},
    {"interactions", &add_interaction_phases},
    {"trust", &add_trust_phases},
    {"outcomes", &add_outcome_phases},
    {"collaboration", &add_collaboration_phases, &collaboration_outputs},
    {"negotiation", &add_negotiation_phases, &negotiation_outputs},
    {"cascade", &add_cascade_phases},
    {"ideas", &add_idea_phases, &idea_outputs},
    {"gossip", &add_gossip_phases, &gossip_outputs},
    {"influence", nullptr, &influence_outputs},
    {"culture", &add_culture_phases, &culture_outputs},
};

}  // namespace

std::span<const CoreModule> core_modules() { return modules; }

}  // namespace trustsim::core
