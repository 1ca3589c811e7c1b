#include "models/culture/power_distance.hpp"

#include "models/core/purposes.hpp"
#include "sim/parallel.hpp"

#include <algorithm>

namespace trustsim::core {

void assign_power_distance(CoreRun& run) {
    const Organisation& org = run.org();
    const double org_chi = run.params.leadership.omniscience_expectation;
    std::vector<float>& chi = run.state.culture.power_distance;
    chi.assign(org.agents(), static_cast<float>(org_chi));
    const CultureConfig& culture = run.params.culture;
    if (!culture.enabled || culture.subculture_sd == 0) return;
    const BetaParameters beta = beta_from_mean_sd(org_chi, culture.subculture_sd);
    // Breadth-first ids: the agents of depth d are one contiguous range, and a subtree is one
    // contiguous range per level below its root, so each unit is filled level by level. A
    // depth beyond the tree leaves every agent at chi_org.
    const std::vector<Organisation::IdRange> levels = org.subtree_ranges(0);
    if (culture.unit_depth >= levels.size()) return;
    const Organisation::IdRange roots = levels[culture.unit_depth];
    for_each_agent(roots.end - roots.begin, [&](std::size_t k) {
        const auto root = static_cast<AgentIndex>(roots.begin + k);
        RandomStream stream = run.stream(0, root, Purpose::culture);
        const auto unit_chi = static_cast<float>(stream.beta(beta.a, beta.b));
        for (const Organisation::IdRange& level : org.subtree_ranges(root)) {
            std::fill(chi.begin() + level.begin, chi.begin() + level.end, unit_chi);
        }
    });
}

void scatter_style(const CoreRun& run, AgentIndex manager, Style& style) {
    const double sd = run.params.culture.style_sd;
    if (sd == 0) return;
    RandomStream stream = run.stream(0, manager, Purpose::culture, 4096);
    for (std::size_t d = 0; d < style_dimension_count; ++d) {
        style[d] = static_cast<float>(std::clamp(style[d] + sd * stream.normal(), 0.0, 1.0));
    }
}

}  // namespace trustsim::core
