// Informal influence at each agent snapshot (spec A.11): PageRank of the trust-weighted network,
// and whether each manager is the most influential member of its team.
#include "models/core/modules.hpp"
#include "models/core/output_rows.hpp"

namespace trustsim::core {
namespace {

bool with_influence(const CoreParameters& p) { return p.modules.influence; }

const AgentColumn agent_columns[] = {
    {{"influence", "1",
      "informal influence: PageRank of the trust-weighted network times N (1 = average; /agents/depth is the formal rank)", false, 0, HUGE_VAL},
     false,
     [](const AgentColumnContext& c, AgentIndex a) { return static_cast<float>(c.influence[a] * static_cast<double>(c.influence.size())); },
     &with_influence, true},
    {{"most_influential_in_team", "flag",
      "managers: 1 if no direct report has more influence than the manager, else 0 (NaN for non-managers)", true, 0, 1},
     false,
     [](const AgentColumnContext& c, AgentIndex a) {
         if (!c.org.is_manager(a)) return nan_f();
         for (const AgentIndex r : c.org.reports(a)) {
             if (c.influence[r] > c.influence[a]) return 0.0f;
         }
         return 1.0f;
     },
     &with_influence, true},
};

}  // namespace

ModuleOutputs influence_outputs() { return {nullptr, {}, agent_columns}; }

}  // namespace trustsim::core
