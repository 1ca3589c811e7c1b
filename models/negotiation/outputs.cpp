// Negotiation's org-level series (spec A.8): how many negotiations were opened, how close to the
// Pareto frontier they ended, and how often a side shared its priorities; and, per agent at each
// agent snapshot, the negotiation it opened that week, so that F6(c) can relate each
// negotiation's efficiency and sharing to the pair's trust and to what the other side did the
// last time (with weekly snapshots every negotiation of a run is seen).
#include "models/core/modules.hpp"
#include "models/core/output_rows.hpp"
#include "models/negotiation/negotiation.hpp"

namespace trustsim::core {
namespace {

bool with_negotiation(const CoreParameters& p) { return p.negotiation.enabled; }

void measure_negotiations(const CoreRun& run, std::span<double> out) {
    const NegotiationTotals t = negotiation_totals(run);
    out[0] = static_cast<double>(t.negotiations);
    out[1] = ratio(t.efficiency_sum, static_cast<double>(t.negotiations));
    out[2] = ratio(static_cast<double>(t.shares), 2.0 * static_cast<double>(t.negotiations));
}

const SeriesSpec org_specs[] = {
    {"negotiations", "negotiations per week", "negotiations opened this week (spec A.8)", false, 0, HUGE_VAL},
    {"negotiation_efficiency", "1", "mean joint value / Pareto maximum of this week's negotiations, in [0.5, 1] (NaN if none)", true, 0.5, 1},
    {"negotiation_sharing_rate", "1", "sides that shared their priorities / all sides of this week's negotiations (NaN if none)", true, 0, 1},
};
const OrgSeriesGroup org_series{org_specs, &measure_negotiations, &with_negotiation};

bool opened(const AgentColumnContext& c, AgentIndex a) { return c.state.negotiation.edge[a] != no_edge; }

const AgentColumn agent_columns[] = {
    {{"negotiation_partner", "agent id", "partner of the negotiation the agent opened this week (NaN if none)", true, 0, HUGE_VAL}, false,
     [](const AgentColumnContext& c, AgentIndex a) {
         // Agent ids up to 2^24 (16,777,216) are exact in float32; larger ones are rounded
         // (docs/hdf5-layout.md).
         return opened(c, a) ? static_cast<float>(c.network.target(c.state.negotiation.edge[a])) : nan_f();
     },
     &with_negotiation},
    {{"negotiation_sharing", "bits", "1 = opened a negotiation this week, + 2 if the opener shared, + 4 if the partner shared; 0 if none", false, 0, 7},
     false, [](const AgentColumnContext& c, AgentIndex a) { return static_cast<float>(c.state.negotiation.sharing[a]); },
     &with_negotiation},
    {{"negotiation_efficiency", "1", "joint value / Pareto maximum of that negotiation, in [0.5, 1] (NaN if none)", true, 0.5, 1}, false,
     [](const AgentColumnContext& c, AgentIndex a) {
         return opened(c, a) ? c.state.negotiation.joint[a] / c.state.negotiation.max[a] : nan_f();
     },
     &with_negotiation},
};

}  // namespace

ModuleOutputs negotiation_outputs() { return {&org_series, {}, agent_columns}; }

}  // namespace trustsim::core
