// The collaboration module's phase (P3c, output only): helps given and received per agent.
#include "models/collaboration/help_counts.hpp"
#include "models/core/modules.hpp"

namespace trustsim::core {

void add_collaboration_phases(CoreRun& run, Week& week) {
    if (!run.params.modules.collaboration) return;
    const Columns counts = {"helps_given", "helps_received"};
    week.add("P3c", {"help_edge[0]", "help_edge[1]", "help_result[0]", "help_result[1]"}, counts,
             [&run](const StepContext& step) { count_helps(run, step); });
    week.extend("P5d", {}, counts);  // a newcomer starts with none
}

}  // namespace trustsim::core
