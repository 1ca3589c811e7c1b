// The core model's modules: the one table of what makes up the model's week. Each module adds
// its phases (and what it reads and writes inside other modules' phases) in its own folder's
// module.cpp; the model adds them in this order, then orders the phases by their slot of the
// week (models/core/week.hpp). A module's parameters are its section of CoreParameters, its
// state its member of CoreState, its outputs its rows in its folder's outputs.cpp
// (models/core/output_rows.hpp), which the schema joins after the core's rows in this order.
#pragma once

#include "models/core/context.hpp"
#include "models/core/output_rows.hpp"
#include "models/core/week.hpp"

#include <span>
#include <string_view>

namespace trustsim::core {

struct CoreModule {
    std::string_view name;  ///< its folder under models/
    /// Adds its phases for this run (none when it is switched off); null for a module without any.
    void (*add_phases)(CoreRun& run, Week& week);
    /// Its output rows beyond the core's (models/core/output_rows.hpp); null for none.
    ModuleOutputs (*outputs)() = nullptr;
};

std::span<const CoreModule> core_modules();

void add_environment_phases(CoreRun& run, Week& week);
void add_leadership_phases(CoreRun& run, Week& week);
void add_interaction_phases(CoreRun& run, Week& week);
void add_trust_phases(CoreRun& run, Week& week);
void add_outcome_phases(CoreRun& run, Week& week);
void add_collaboration_phases(CoreRun& run, Week& week);
void add_negotiation_phases(CoreRun& run, Week& week);
void add_cascade_phases(CoreRun& run, Week& week);
void add_idea_phases(CoreRun& run, Week& week);
void add_gossip_phases(CoreRun& run, Week& week);
void add_culture_phases(CoreRun& run, Week& week);

ModuleOutputs collaboration_outputs();
ModuleOutputs negotiation_outputs();
ModuleOutputs idea_outputs();
ModuleOutputs gossip_outputs();
ModuleOutputs influence_outputs();
ModuleOutputs culture_outputs();

}  // namespace trustsim::core
