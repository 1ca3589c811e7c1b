// Culture's agent column: the power distance chi_i of each agent's unit.
#include "models/core/modules.hpp"
#include "models/core/output_rows.hpp"

namespace trustsim::core {
namespace {

bool with_culture(const CoreParameters& p) { return p.culture.enabled; }

const AgentColumn agent_columns[] = {
    {{"power_distance", "1", "chi_i, the power distance of the agent's unit (culture module)", false, 0, 1}, false,
     [](const AgentColumnContext& c, AgentIndex a) { return c.state.culture.power_distance[a]; }, &with_culture},
};

}  // namespace

ModuleOutputs culture_outputs() { return {nullptr, {}, agent_columns}; }

}  // namespace trustsim::core
