// The idea pipeline's outputs: acceptance at each level, ideas reaching the top, managers' own
// ideas and the innovation stock (org level), and each team's answered and accepted ideas.
#include "models/core/modules.hpp"
#include "models/core/output_rows.hpp"

#include <cmath>

namespace trustsim::core {
namespace {

bool with_ideas(const CoreParameters& p) { return p.ideas.enabled; }

void measure_ideas(const CoreRun& run, std::span<double> out) {
    const CoreState& s = run.state;
    const Organisation& org = run.org();
    double judged = 0, accepted = 0, forwards_judged = 0, forwards_accepted = 0, stock = 0, own = 0;
    for (std::uint32_t team = 0; team < org.teams(); ++team) {
        if (org.team_vacant(team)) continue;
        judged += s.ideas.judged[team];
        accepted += s.ideas.accepted[team];
        forwards_judged += s.ideas.forwards_judged[team];
        forwards_accepted += s.ideas.forwards_accepted[team];
        stock += s.leadership.innovation_stock[team];
        own += std::isnan(s.ideas.own_idea[team]) ? 0.0 : 1.0;
    }
    const double teams = org.active_teams();
    out[0] = ratio(accepted, judged);
    out[1] = ratio(forwards_accepted, forwards_judged);
    out[2] = (accepted + forwards_accepted) / org.agents();
    out[3] = s.ideas.forwards_accepted[static_cast<std::size_t>(org.leads_team(0))];
    out[4] = own / teams;
    out[5] = stock / teams;
}

const SeriesSpec org_specs[] = {
    {"idea_acceptance_rate", "1", "accepted / answered ideas voiced by reports this week (NaN if none)", true, 0, 1},
    {"forward_acceptance_rate", "1", "accepted / reviewed ideas forwarded up by report managers this week (NaN if none)", true, 0, 1},
    {"innovation_rate", "acceptances per agent per week", "ideas accepted this week at any level (voiced and forwarded) / N", false, 0, HUGE_VAL},
    {"ideas_reaching_top", "ideas per week", "forwarded ideas the CEO accepted this week", false, 0, HUGE_VAL},
    {"own_idea_share", "1", "share of managers holding an idea of their own", false, 0, 1},
    {"innovation_stock", "1", "mean I_T over teams", false, 0, HUGE_VAL},
};
const OrgSeriesGroup org_series{org_specs, &measure_ideas, &with_ideas};

const TeamSeries team_series[] = {
    {{"ideas_judged", "ideas per week", "ideas voiced by the reports that the manager answered this week", false, 0, HUGE_VAL},
     &team_column<&CoreState::ideas, &IdeasState::judged>, &with_ideas},
    {{"ideas_accepted", "ideas per week", "of those, accepted (constructive answer and q > q_own + (1 - beta) b_NIH)", false, 0, HUGE_VAL},
     &team_column<&CoreState::ideas, &IdeasState::accepted>, &with_ideas},
    {{"forwards_judged", "ideas per week", "ideas forwarded last week by the report managers, reviewed this week", false, 0, HUGE_VAL},
     &team_column<&CoreState::ideas, &IdeasState::forwards_judged>, &with_ideas},
    {{"forwards_accepted", "ideas per week", "of those, accepted (each adds forward_gain g_innov to I_T)", false, 0, HUGE_VAL},
     &team_column<&CoreState::ideas, &IdeasState::forwards_accepted>, &with_ideas},
    {{"own_idea", "1", "quality of the manager's own idea (NaN if it holds none)", true},
     &team_column<&CoreState::ideas, &IdeasState::own_idea>, &with_ideas},
};

}  // namespace

ModuleOutputs idea_outputs() { return {&org_series, team_series, {}}; }

}  // namespace trustsim::core
