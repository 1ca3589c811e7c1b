// Gossip's org-level series: how many stories reached agents through relays this week.
#include "models/core/modules.hpp"
#include "models/core/output_rows.hpp"
#include "sim/parallel.hpp"

#include <algorithm>

namespace trustsim::core {
namespace {

bool with_gossip(const CoreParameters& p) { return p.gossip.enabled; }

/// The stories non-CEO agents heard through relays this week (P4), summed in fixed blocks, per agent.
void measure_relays(const CoreRun& run, std::span<double> out) {
    const std::vector<std::uint16_t>& stories = run.state.gossip.relayed_stories;
    const double heard = reduce_fixed_order(
        stories.size(), 0.0,
        [&](std::size_t begin, std::size_t end) {
            double block = 0;
            for (std::size_t i = std::max<std::size_t>(begin, 1); i < end; ++i) block += stories[i];
            return block;
        },
        [](double& total, double block) { total += block; });
    out[0] = heard / static_cast<double>(run.org().agents() - 1);
}

const SeriesSpec org_specs[] = {
    {"relayed_stories", "stories per agent per week",
     "gossip: (relay, subject) pairs through which a non-CEO agent heard this week's public events of its out-neighbours, "
     "per agent", false, 0, HUGE_VAL},
};
const OrgSeriesGroup org_series{org_specs, &measure_relays, &with_gossip};

}  // namespace

ModuleOutputs gossip_outputs() { return {&org_series, {}, {}}; }

}  // namespace trustsim::core
