// Collaboration's outputs: agreement on psychological safety across teams (ICC(1), spec A.11)
// and each agent's helps given and received.
#include "models/core/modules.hpp"
#include "models/core/output_rows.hpp"

#include <algorithm>
#include <vector>

namespace trustsim::core {
namespace {

bool with_collaboration(const CoreParameters& p) { return p.modules.collaboration; }

/// ICC(1) of a quantity over groups from each group's size, sum and sum of squares, for unequal
/// sizes (k0 of the one-way ANOVA); NaN when it is undefined. Empty groups (vacant team slots)
/// do not count.
double icc1(std::span<const std::uint32_t> n, std::span<const double> sum, std::span<const double> sum_squares) {
    double total_n = 0, total_sum = 0, n_squares = 0, groups = 0;
    for (std::size_t g = 0; g < n.size(); ++g) {
        if (n[g] == 0) continue;
        ++groups;
        total_n += n[g];
        total_sum += sum[g];
        n_squares += static_cast<double>(n[g]) * n[g];
    }
    if (groups < 2 || total_n <= groups) return not_a_number;
    const double grand = total_sum / total_n;
    double between = 0, within = 0;
    for (std::size_t g = 0; g < n.size(); ++g) {
        if (n[g] == 0) continue;
        const double mean = sum[g] / n[g];
        between += n[g] * (mean - grand) * (mean - grand);
        // A sum of squared deviations, >= 0; from sums it can round below 0 when a team agrees
        // exactly, which pushed ICC(1) above 1 (issue 14).
        within += std::max(0.0, sum_squares[g] - sum[g] * mean);
    }
    const double ms_between = between / (groups - 1);
    const double ms_within = within / (total_n - groups);
    const double k0 = (total_n - n_squares / total_n) / (groups - 1);
    const double denominator = ms_between + (k0 - 1) * ms_within;
    return denominator > 0 ? (ms_between - ms_within) / denominator : not_a_number;
}

void measure_agreement(const CoreRun& run, std::span<double> out) {
    const Organisation& org = run.org();
    const std::vector<float>& psafe = run.state.outcomes.psych_safety;
    std::vector<std::uint32_t> size(org.teams(), 0);
    std::vector<double> sum(org.teams(), 0.0), squares(org.teams(), 0.0);
    for (std::uint32_t team = 0; team < org.teams(); ++team) {
        if (org.team_vacant(team)) continue;
        for (const AgentIndex member : org.reports(org.team_manager(team))) {
            sum[team] += psafe[member];
            squares[team] += double{psafe[member]} * psafe[member];
        }
        size[team] = org.report_count(org.team_manager(team));
    }
    out[0] = icc1(size, sum, squares);
}

const SeriesSpec org_specs[] = {
    {"psafe_icc1", "1",
     "ICC(1) of psi across teams: the between-team share of its variance (one-way ANOVA over each team's direct "
     "reports; NaN with fewer than 2 teams)", true, -HUGE_VAL, 1},
};
const OrgSeriesGroup org_series{org_specs, &measure_agreement, &with_collaboration};

const AgentColumn agent_columns[] = {
    {{"helps_given", "helps", "agreed help requests as the helper, since the occupant was hired", false, 0, HUGE_VAL}, false,
     [](const AgentColumnContext& c, AgentIndex a) { return static_cast<float>(c.state.collaboration.helps_given[a]); },
     &with_collaboration},
    {{"helps_received", "helps", "agreed help requests as the asker, since the occupant was hired", false, 0, HUGE_VAL}, false,
     [](const AgentColumnContext& c, AgentIndex a) { return static_cast<float>(c.state.collaboration.helps_received[a]); },
     &with_collaboration},
};

}  // namespace

ModuleOutputs collaboration_outputs() { return {&org_series, {}, agent_columns}; }

}  // namespace trustsim::core
