// Negotiation's org-level series (spec A.8): how many negotiations were opened, how close to the
// Pareto frontier they ended, and how often a side shared its priorities.
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
    {"negotiations", "negotiations per week", "negotiations opened this week (spec A.8)"},
    {"negotiation_efficiency", "1", "mean joint value / Pareto maximum of this week's negotiations, in [0.5, 1] (NaN if none)",
     true},
    {"negotiation_sharing_rate", "1", "sides that shared their priorities / all sides of this week's negotiations (NaN if none)",
     true},
};
const OrgSeriesGroup org_series{org_specs, &measure_negotiations, &with_negotiation};

}  // namespace

ModuleOutputs negotiation_outputs() { return {&org_series, {}, {}}; }

}  // namespace trustsim::core
