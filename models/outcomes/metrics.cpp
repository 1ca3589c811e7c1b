#include "models/outcomes/metrics.hpp"

#include "models/events/team_changes.hpp"
#include "models/influence/pagerank.hpp"
#include "models/negotiation/negotiation.hpp"
#include "models/trust/edge_events.hpp"
#include "sim/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace trustsim::core {
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

struct AgentSums {
    double trust_in_manager = 0, psych_safety = 0, engagement = 0, performance = 0, felt_trust = 0,
           turnover_intent = 0, latent_errors = 0, latent_cover = 0;
    std::uint64_t members = 0, non_managers = 0, managers = 0, task_errors = 0, reported = 0, ideas = 0,
                  voiced = 0, quits = 0;

    void add(const AgentSums& o) {
        trust_in_manager += o.trust_in_manager;
        psych_safety += o.psych_safety;
        engagement += o.engagement;
        performance += o.performance;
        felt_trust += o.felt_trust;
        turnover_intent += o.turnover_intent;
        latent_errors += o.latent_errors;
        latent_cover += o.latent_cover;
        members += o.members;
        non_managers += o.non_managers;
        managers += o.managers;
        task_errors += o.task_errors;
        reported += o.reported;
        ideas += o.ideas;
        voiced += o.voiced;
        quits += o.quits;
    }
};

double ratio(double numerator, double denominator) { return denominator > 0 ? numerator / denominator : not_a_number; }

/// Everything the org series are computed from: one fixed-order reduction over agents, plus
/// team and environment state.
struct OrgTotals {
    AgentSums agents;
    double psafe_icc1 = 0;
    double relayed_stories = 0;  ///< gossip: stories heard from relays this week, over non-CEO agents
    double decision_quality_sum = 0;
    std::uint32_t teams = 0, slots = 0;
    double environment_state = 0;
    NegotiationTotals negotiation;  ///< only with negotiation.enabled
    /// The idea pipeline's week (ideas.enabled): sums of the teams' counts, ideas the CEO
    /// accepted from below, and the sum of I_T.
    double ideas_judged = 0, ideas_accepted = 0, forwards_judged = 0, forwards_accepted = 0, ideas_at_top = 0,
           innovation_stock = 0, own_ideas = 0;
};

/// Whether a module's output is written in a run with these settings (null: always).
using Presence = bool (*)(const CoreParameters&);

bool with_collaboration(const CoreParameters& p) { return p.modules.collaboration; }
bool with_influence(const CoreParameters& p) { return p.modules.influence; }
bool with_negotiation(const CoreParameters& p) { return p.negotiation.enabled; }
bool with_culture(const CoreParameters& p) { return p.culture.enabled; }
bool with_ideas(const CoreParameters& p) { return p.ideas.enabled; }
bool with_gossip(const CoreParameters& p) { return p.gossip.enabled; }

struct OrgSeries {
    SeriesSpec spec;
    double (*value)(const OrgTotals&);
    Presence present = nullptr;
};

double per_member(double sum, const OrgTotals& t) { return sum / static_cast<double>(t.agents.members); }

// Org-level series (model-choices "Org-level metrics").
const OrgSeries org_series[] = {
    {{"trust_in_manager", "1", "mean composite trust t(i, manager) of non-CEO agents, in [0,1]"},
     [](const OrgTotals& t) { return per_member(t.agents.trust_in_manager, t); }},
    {{"psychological_safety", "1", "mean belief psi that speaking up is safe, in [0,1]"},
     [](const OrgTotals& t) { return per_member(t.agents.psych_safety, t); }},
    {{"engagement", "1", "mean engagement E, in [0,1]"}, [](const OrgTotals& t) { return per_member(t.agents.engagement, t); }},
    {{"performance", "output units per week", "mean individual performance y"},
     [](const OrgTotals& t) { return per_member(t.agents.performance, t); }},
    {{"felt_trust", "1", "mean felt trust F (EMA of being trusted by the manager), in [0,1]"},
     [](const OrgTotals& t) { return per_member(t.agents.felt_trust, t); }},
    {{"turnover_intent", "1", "mean turnover intent logistic(-q (E - 0.5)), in [0,1]"},
     [](const OrgTotals& t) { return per_member(t.agents.turnover_intent, t); }},
    {{"reported_error_rate", "1", "reported / all task errors of non-managers this week (NaN if none)", true},
     [](const OrgTotals& t) { return ratio(static_cast<double>(t.agents.reported), static_cast<double>(t.agents.task_errors)); }},
    {{"voice_rate", "1", "voiced / ideas this week (NaN if no ideas)", true},
     [](const OrgTotals& t) { return ratio(static_cast<double>(t.agents.voiced), static_cast<double>(t.agents.ideas)); }},
    {{"quit_rate", "1/week", "leavers / N this week"},
     [](const OrgTotals& t) { return static_cast<double>(t.agents.quits) / t.slots; }},
    {{"latent_errors", "errors per agent", "mean hidden uncorrected errors z of non-managers"},
     [](const OrgTotals& t) { return ratio(t.agents.latent_errors, static_cast<double>(t.agents.non_managers)); }},
    {{"manager_latent_cover", "errors per manager", "mean concealed own errors of non-CEO managers"},
     [](const OrgTotals& t) { return ratio(t.agents.latent_cover, static_cast<double>(t.agents.managers)); }},
    {{"decision_quality", "1", "mean team decision quality Q_T over teams, in [0,1]"},
     [](const OrgTotals& t) { return t.decision_quality_sum / t.teams; }},
    {{"environment_state", "task-state units", "theta*, the task-relevant state of the environment"},
     [](const OrgTotals& t) { return t.environment_state; }},
    {{"psafe_icc1", "1",
      "ICC(1) of psi across teams: the between-team share of its variance (one-way ANOVA over each team's "
      "direct reports; NaN with fewer than 2 teams)",
      true},
     [](const OrgTotals& t) { return t.psafe_icc1; }, &with_collaboration},
    {{"negotiations", "negotiations per week", "negotiations opened this week (spec A.8)"},
     [](const OrgTotals& t) { return static_cast<double>(t.negotiation.negotiations); }, &with_negotiation},
    {{"negotiation_efficiency", "1",
      "mean joint value / Pareto maximum of this week's negotiations, in [0.5, 1] (NaN if none)", true},
     [](const OrgTotals& t) { return ratio(t.negotiation.efficiency_sum, static_cast<double>(t.negotiation.negotiations)); },
     &with_negotiation},
    {{"negotiation_sharing_rate", "1", "sides that shared their priorities / all sides of this week's negotiations (NaN if none)",
      true},
     [](const OrgTotals& t) {
         return ratio(static_cast<double>(t.negotiation.shares), 2.0 * static_cast<double>(t.negotiation.negotiations));
     },
     &with_negotiation},
    {{"idea_acceptance_rate", "1", "accepted / answered ideas voiced by reports this week (NaN if none)", true},
     [](const OrgTotals& t) { return ratio(t.ideas_accepted, t.ideas_judged); }, &with_ideas},
    {{"forward_acceptance_rate", "1", "accepted / reviewed ideas forwarded up by report managers this week (NaN if none)", true},
     [](const OrgTotals& t) { return ratio(t.forwards_accepted, t.forwards_judged); }, &with_ideas},
    {{"innovation_rate", "acceptances per agent per week",
      "ideas accepted this week at any level (voiced and forwarded) / N"},
     [](const OrgTotals& t) { return (t.ideas_accepted + t.forwards_accepted) / t.slots; }, &with_ideas},
    {{"ideas_reaching_top", "ideas per week", "forwarded ideas the CEO accepted this week"},
     [](const OrgTotals& t) { return t.ideas_at_top; }, &with_ideas},
    {{"own_idea_share", "1", "share of managers holding an idea of their own"},
     [](const OrgTotals& t) { return t.own_ideas / t.teams; }, &with_ideas},
    {{"innovation_stock", "1", "mean I_T over teams"}, [](const OrgTotals& t) { return t.innovation_stock / t.teams; },
     &with_ideas},
    {{"relayed_stories", "stories per agent per week",
      "gossip: (relay, subject) pairs through which a non-CEO agent heard this week's public events of its "
      "out-neighbours, per agent"},
     [](const OrgTotals& t) { return per_member(t.relayed_stories, t); }, &with_gossip},
};

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
        within += sum_squares[g] - sum[g] * mean;
    }
    const double ms_between = between / (groups - 1);
    const double ms_within = within / (total_n - groups);
    const double k0 = (total_n - n_squares / total_n) / (groups - 1);
    const double denominator = ms_between + (k0 - 1) * ms_within;
    return denominator > 0 ? (ms_between - ms_within) / denominator : not_a_number;
}

/// Gossip: the stories non-CEO agents heard through relays this week (P4), summed in fixed blocks.
double relayed_stories(const CoreRun& run) {
    const std::vector<std::uint16_t>& stories = run.state.gossip.relayed_stories;
    return reduce_fixed_order(
        stories.size(), 0.0,
        [&](std::size_t begin, std::size_t end) {
            double block = 0;
            for (std::size_t i = std::max<std::size_t>(begin, 1); i < end; ++i) block += stories[i];
            return block;
        },
        [](double& total, double block) { total += block; });
}

struct TeamSeries {
    SeriesSpec spec;
    std::span<const float> (*column)(const CoreState&);
    Presence present = nullptr;
};

/// A team column of one module's state (CoreState::*Module).
template <auto Module, auto Column>
std::span<const float> team_column(const CoreState& s) {
    return (s.*Module).*Column;
}

const TeamSeries team_series[] = {
    {{"psychological_safety", "1", "PS_T, mean psi of the team's direct reports"}, &team_column<&CoreState::outcomes, &OutcomeState::out_psych_safety>},
    {{"psafe_agreement", "1", "r_wg = 1 - var(psi) / (1/12) over the reports (NaN for one report)"}, &team_column<&CoreState::outcomes, &OutcomeState::out_psafe_agreement>},
    {{"intrateam_trust", "1", "mean composite trust over directed edges inside the team"}, &team_column<&CoreState::outcomes, &OutcomeState::out_intrateam_trust>},
    {{"trust_in_manager", "1", "mean trust of the reports in the team's manager"}, &team_column<&CoreState::outcomes, &OutcomeState::out_trust_in_manager>},
    {{"engagement", "1", "mean engagement of the reports"}, &team_column<&CoreState::outcomes, &OutcomeState::out_engagement>},
    {{"performance", "output units per week", "Y_T = sum of reports' y times (1 + g_coord * intrateam trust)"},
     &team_column<&CoreState::outcomes, &OutcomeState::out_performance>},
    {{"decision_quality", "1", "Q_T of this week's decision"}, &team_column<&CoreState::leadership, &LeadershipState::decision_quality>},
    {{"reported_errors", "errors per week", "errors reported by the reports this week"}, &team_column<&CoreState::outcomes, &OutcomeState::out_reported_errors>},
    {{"latent_errors", "errors", "hidden uncorrected errors held by the reports"}, &team_column<&CoreState::outcomes, &OutcomeState::out_latent_errors>},
    {{"learning_behaviour", "acts per week", "error reports + help requests + voiced ideas of the reports"},
     &team_column<&CoreState::outcomes, &OutcomeState::out_learning_behaviour>},
    {{"innovation_stock", "1", "I_T, accepted ideas' stock with a 52-week half-life"}, &team_column<&CoreState::leadership, &LeadershipState::innovation_stock>},
    {{"ideas_judged", "ideas per week", "ideas voiced by the reports that the manager answered this week"},
     &team_column<&CoreState::ideas, &IdeasState::judged>, &with_ideas},
    {{"ideas_accepted", "ideas per week", "of those, accepted (constructive answer and q > q_own + (1 - beta) b_NIH)"},
     &team_column<&CoreState::ideas, &IdeasState::accepted>, &with_ideas},
    {{"forwards_judged", "ideas per week", "ideas forwarded last week by the report managers, reviewed this week"},
     &team_column<&CoreState::ideas, &IdeasState::forwards_judged>, &with_ideas},
    {{"forwards_accepted", "ideas per week", "of those, accepted (each adds forward_gain g_innov to I_T)"},
     &team_column<&CoreState::ideas, &IdeasState::forwards_accepted>, &with_ideas},
    {{"own_idea", "1", "quality of the manager's own idea (NaN if it holds none)", true}, &team_column<&CoreState::ideas, &IdeasState::own_idea>, &with_ideas},
};

struct AgentColumn {
    SeriesSpec spec;
    /// The CEO has no manager and takes no part in P5, so its member-side columns are NaN.
    bool member_side;
    float (*value)(const AgentColumnContext&, AgentIndex);
    Presence present = nullptr;
    bool needs_influence = false;  ///< computed from informal influence (influence_of)
};

float nan_f() { return std::numeric_limits<float>::quiet_NaN(); }

const AgentColumn agent_columns[] = {
    {{"trust_in_manager", "1", "composite trust in the agent's manager (NaN for the CEO)"}, true,
     [](const AgentColumnContext& c, AgentIndex a) { return c.state.trust.trust_in_manager[a]; }},
    {{"psychological_safety", "1", "psi"}, true, [](const AgentColumnContext& c, AgentIndex a) { return c.state.outcomes.psych_safety[a]; }},
    {{"felt_trust", "1", "F"}, true, [](const AgentColumnContext& c, AgentIndex a) { return c.state.outcomes.felt_trust[a]; }},
    {{"engagement", "1", "E"}, true, [](const AgentColumnContext& c, AgentIndex a) { return c.state.outcomes.engagement[a]; }},
    {{"performance", "output units per week", "y of the last week (NaN for a slot refilled this week)"}, true,
     [](const AgentColumnContext& c, AgentIndex a) { return c.state.outcomes.performance[a]; }},
    {{"turnover_intent", "1", "logistic(-q (E - 0.5))"}, true,
     [](const AgentColumnContext& c, AgentIndex a) { return c.state.outcomes.turnover_intent[a]; }},
    {{"error_rate", "1/week", "e_i, weekly probability of a task error"}, false,
     [](const AgentColumnContext& c, AgentIndex a) { return c.state.outcomes.error_rate[a]; }},
    {{"latent_errors", "errors", "z_i (non-managers) or concealed own errors (managers)"}, false,
     [](const AgentColumnContext& c, AgentIndex a) {
         return static_cast<float>(c.org.is_manager(a) ? c.state.leadership.latent_cover[a] : c.state.interactions.latent_errors[a]);
     }},
    {{"ability", "1", "a_i, true task competence"}, false, [](const AgentColumnContext& c, AgentIndex a) { return c.state.traits.ability[a]; }},
    {{"character", "1", "c_i, true benevolence/integrity"}, false,
     [](const AgentColumnContext& c, AgentIndex a) { return c.state.traits.character[a]; }},
    {{"propensity", "1", "pi_i, dispositional trust"}, false,
     [](const AgentColumnContext& c, AgentIndex a) { return c.state.traits.propensity[a]; }},
    {{"return_fraction", "1", "r_i, share of received surplus returned"}, false,
     [](const AgentColumnContext& c, AgentIndex a) { return c.state.traits.return_fraction[a]; }},
    {{"hire_step", "week", "week the current occupant was hired (0 = initial staff)"}, false,
     [](const AgentColumnContext& c, AgentIndex a) { return static_cast<float>(c.state.traits.hire_step[a]); }},
    {{"helps_given", "helps", "agreed help requests as the helper, since the occupant was hired"}, false,
     [](const AgentColumnContext& c, AgentIndex a) { return static_cast<float>(c.state.collaboration.helps_given[a]); }, &with_collaboration},
    {{"helps_received", "helps", "agreed help requests as the asker, since the occupant was hired"}, false,
     [](const AgentColumnContext& c, AgentIndex a) { return static_cast<float>(c.state.collaboration.helps_received[a]); },
     &with_collaboration},
    {{"influence", "1", "informal influence: PageRank of the trust-weighted network times N (1 = average; /agents/depth is the formal rank)"},
     false, [](const AgentColumnContext& c, AgentIndex a) { return static_cast<float>(c.influence[a] * static_cast<double>(c.influence.size())); },
     &with_influence, true},
    {{"most_influential_in_team", "flag",
      "managers: 1 if no direct report has more influence than the manager, else 0 (NaN for non-managers)", true},
     false,
     [](const AgentColumnContext& c, AgentIndex a) {
         if (!c.org.is_manager(a)) return nan_f();
         for (const AgentIndex r : c.org.reports(a)) {
             if (c.influence[r] > c.influence[a]) return 0.0f;
         }
         return 1.0f;
     },
     &with_influence, true},
    {{"power_distance", "1", "chi_i, the power distance of the agent's unit (culture module)"}, false,
     [](const AgentColumnContext& c, AgentIndex a) { return c.state.culture.power_distance[a]; }, &with_culture},
};

struct EdgeColumn {
    SeriesSpec spec;
    float (*value)(const CompositeTrust&, const Evidence&);
};

const EdgeColumn edge_columns[] = {
    {{"trust", "1", "composite trust t_ij, aligned with /network/col_index"},
     [](const CompositeTrust& composite, const Evidence& e) { return composite(e); }},
    {{"competence", "1", "tau_c, expected competence of j as seen by i"},
     [](const CompositeTrust&, const Evidence& e) { return competence_expectation(e); }},
    {{"character", "1", "tau_h, expected benevolence/integrity of j as seen by i"},
     [](const CompositeTrust&, const Evidence& e) { return character_expectation(e); }},
};

/// The row of edge_columns holding composite trust (the weights of informal influence).
constexpr std::size_t trust_edge_column = 0;

template <class Row, std::size_t N>
std::vector<SeriesSpec> specs_of(const Row (&rows)[N]) {
    std::vector<SeriesSpec> specs;
    for (const Row& row : rows) specs.push_back(row.spec);
    return specs;
}

template <class Row>
bool enabled(const Row& row, const CoreParameters& params) {
    return row.present == nullptr || row.present(params);
}

}  // namespace

template <class Row, std::size_t N>
std::vector<std::size_t> enabled_rows(const Row (&rows)[N], const CoreParameters& params) {
    std::vector<std::size_t> enabled_ones;
    for (std::size_t row = 0; row < N; ++row) {
        if (enabled(rows[row], params)) enabled_ones.push_back(row);
    }
    return enabled_ones;
}

std::vector<std::size_t> agent_column_rows(const CoreParameters& params) { return enabled_rows(agent_columns, params); }

std::vector<std::size_t> team_series_rows(const CoreParameters& params) { return enabled_rows(team_series, params); }

OutputSchema core_output_schema(const CoreParameters& params) {
    OutputSchema schema;
    for (const OrgSeries& series : org_series) {
        if (enabled(series, params)) schema.org_series.push_back(series.spec);
    }
    for (const std::size_t row : team_series_rows(params)) schema.team_series.push_back(team_series[row].spec);
    for (const std::size_t row : agent_column_rows(params)) schema.agent_columns.push_back(agent_columns[row].spec);
    schema.edge_columns = specs_of(edge_columns);
    schema.edge_event_types = edge_event_types();
    schema.topology_may_change = std::any_of(params.events.begin(), params.events.end(), [](const ScriptedEvent& e) {
        return e.type == EventType::reorganise || changes_teams(e);
    });
    for (const StyleDimension& dimension : style_dimensions) {
        schema.team_attributes.push_back({dimension.name, "1", std::string(dimension.symbol) + " of the team's manager"});
    }
    return schema;
}

OrgMetrics measure(CoreRun& run) {
    CoreState& s = run.state;
    const Organisation& org = run.org();
    const double coordination = run.params.outcomes.coordination_gain;
    // Per team, when ICC(1) is measured: reports, and the sum and sum of squares of their psi.
    const bool agreement = run.params.modules.collaboration;
    std::vector<std::uint32_t> team_size(agreement ? org.teams() : 0);
    std::vector<double> team_psafe(team_size.size()), team_psafe_squares(team_size.size());

    for_each_agent(org.teams(), [&](std::size_t t) {
        const auto team = static_cast<std::uint32_t>(t);
        const AgentIndex manager = org.team_manager(team);
        if (manager == no_manager) {  // a vacant slot: merged away, or a split to come
            for (std::vector<float>* column :
                 {&s.outcomes.out_psych_safety, &s.outcomes.out_psafe_agreement, &s.outcomes.out_intrateam_trust,
                  &s.outcomes.out_trust_in_manager, &s.outcomes.out_engagement, &s.outcomes.out_performance,
                  &s.outcomes.out_reported_errors, &s.outcomes.out_latent_errors, &s.outcomes.out_learning_behaviour}) {
                (*column)[team] = std::numeric_limits<float>::quiet_NaN();
            }
            return;
        }
        const std::uint32_t size = org.report_count(manager);
        double psafe = 0, psafe_squares = 0, trust = 0, engagement = 0, output = 0, latent = 0;
        double intrateam_sum = s.trust.team_trust_sum_as_leader[manager];
        double intrateam_edges = s.trust.team_trust_edges_as_leader[manager];
        std::uint32_t reported = 0, learning = 0;
        for (const AgentIndex member : org.reports(manager)) {
            psafe += s.outcomes.psych_safety[member];
            psafe_squares += double{s.outcomes.psych_safety[member]} * s.outcomes.psych_safety[member];
            trust += s.trust.trust_in_manager[member];
            engagement += s.outcomes.engagement[member];
            output += s.outcomes.performance[member];
            latent += org.is_manager(member) ? 0.0 : s.interactions.latent_errors[member];
            intrateam_sum += s.trust.team_trust_sum_as_member[member];
            intrateam_edges += s.trust.team_trust_edges_as_member[member];
            const bool reported_error = s.interactions.task_outcome[member] == TaskOutcome::reported_error;
            reported += reported_error ? 1u : 0u;
            learning += (reported_error ? 1u : 0u) + (s.interactions.help_edge[1][member] != no_edge ? 1u : 0u) + s.interactions.voiced[member];
        }
        const double n = size;
        const double mean_psafe = psafe / n;
        if (agreement) {
            team_size[team] = size;
            team_psafe[team] = psafe;
            team_psafe_squares[team] = psafe_squares;
        }
        const double intrateam = ratio(intrateam_sum, intrateam_edges);
        s.outcomes.out_psych_safety[team] = static_cast<float>(mean_psafe);
        s.outcomes.out_psafe_agreement[team] = size > 1 ? static_cast<float>(1.0 - ((psafe_squares - n * mean_psafe * mean_psafe) / (n - 1.0)) * 12.0)
                                               : std::numeric_limits<float>::quiet_NaN();
        s.outcomes.out_intrateam_trust[team] = static_cast<float>(intrateam);
        s.outcomes.out_trust_in_manager[team] = static_cast<float>(trust / n);
        s.outcomes.out_engagement[team] = static_cast<float>(engagement / n);
        s.outcomes.out_performance[team] = static_cast<float>(output * (1.0 + coordination * (std::isnan(intrateam) ? 0.0 : intrateam)));
        s.outcomes.out_reported_errors[team] = static_cast<float>(reported);
        s.outcomes.out_latent_errors[team] = static_cast<float>(latent);
        s.outcomes.out_learning_behaviour[team] = static_cast<float>(learning);
    });

    const AgentSums sums = reduce_fixed_order(
        org.agents(), AgentSums{},
        [&](std::size_t begin, std::size_t end) {
            AgentSums block;
            for (std::size_t i = std::max<std::size_t>(begin, 1); i < end; ++i) {
                const auto agent = static_cast<AgentIndex>(i);
                block.trust_in_manager += s.trust.trust_in_manager[agent];
                block.psych_safety += s.outcomes.psych_safety[agent];
                block.engagement += s.outcomes.engagement[agent];
                block.performance += s.outcomes.performance[agent];
                block.felt_trust += s.outcomes.felt_trust[agent];
                block.turnover_intent += s.outcomes.turnover_intent[agent];
                ++block.members;
                block.quits += s.outcomes.quit[agent];
                block.ideas += s.interactions.had_idea[agent];
                block.voiced += s.interactions.voiced[agent];
                if (org.is_manager(agent)) {
                    block.latent_cover += s.leadership.latent_cover[agent];
                    ++block.managers;
                } else {
                    block.latent_errors += s.interactions.latent_errors[agent];
                    ++block.non_managers;
                    const TaskOutcome outcome = s.interactions.task_outcome[agent];
                    block.task_errors += (outcome == TaskOutcome::reported_error || outcome == TaskOutcome::hidden_error) ? 1u : 0u;
                    block.reported += outcome == TaskOutcome::reported_error ? 1u : 0u;
                }
            }
            return block;
        },
        [](AgentSums& total, const AgentSums& block) { total.add(block); });

    OrgTotals totals;
    totals.agents = sums;
    for (std::uint32_t team = 0; team < org.teams(); ++team) {
        if (!org.team_vacant(team)) totals.decision_quality_sum += s.leadership.decision_quality[team];
    }
    totals.teams = org.active_teams();
    totals.slots = org.agents();
    totals.environment_state = s.environment.theta_star;
    if (agreement) totals.psafe_icc1 = icc1(team_size, team_psafe, team_psafe_squares);
    if (run.params.negotiation.enabled) totals.negotiation = negotiation_totals(run);
    if (run.params.ideas.enabled) {
        for (std::uint32_t team = 0; team < org.teams(); ++team) {
            if (org.team_vacant(team)) continue;
            totals.ideas_judged += s.ideas.judged[team];
            totals.ideas_accepted += s.ideas.accepted[team];
            totals.forwards_judged += s.ideas.forwards_judged[team];
            totals.forwards_accepted += s.ideas.forwards_accepted[team];
            totals.innovation_stock += s.leadership.innovation_stock[team];
            totals.own_ideas += std::isnan(s.ideas.own_idea[team]) ? 0.0 : 1.0;
        }
        totals.ideas_at_top = s.ideas.forwards_accepted[static_cast<std::size_t>(org.leads_team(0))];
    }
    if (run.params.gossip.enabled) totals.relayed_stories = relayed_stories(run);
    OrgMetrics metrics;
    for (const OrgSeries& series : org_series) {
        if (enabled(series, run.params)) metrics.push_back(series.value(totals));
    }
    return metrics;
}

bool agent_column_needs_influence(std::size_t column) { return agent_columns[column].needs_influence; }

void agent_column_values(const CoreRun& run, std::size_t column, std::span<float> out, std::span<const double> influence) {
    const AgentColumnContext context{run.state, run.org(), influence};
    const AgentColumn& spec = agent_columns[column];
    for_each_agent(run.org().agents(), [&](std::size_t i) {
        const auto a = static_cast<AgentIndex>(i);
        out[i] = (a == 0 && spec.member_side) ? nan_f() : spec.value(context, a);
    });
}

std::vector<double> influence_of(const CoreRun& run) {
    std::vector<float> trust(run.state.trust.evidence.size());
    edge_column_values(run, trust_edge_column, trust);
    return pagerank(run.network(), trust).rank;
}

void edge_column_values(const CoreRun& run, std::size_t column, std::span<float> out) {
    const std::span<const Evidence> evidence(run.state.trust.evidence);
    const EdgeColumn& spec = edge_columns[column];
    for_each_range(evidence.size(), [&](std::size_t begin, std::size_t end) {
        for (std::size_t e = begin; e < end; ++e) out[e] = spec.value(run.composite, evidence[e]);
    });
}

void edge_column_values(const CoreRun& run, std::size_t column, std::span<const EdgeIndex> edges, std::span<float> out) {
    const EdgeColumn& spec = edge_columns[column];
    for (std::size_t k = 0; k < edges.size(); ++k) out[k] = spec.value(run.composite, run.state.trust.evidence[edges[k]]);
}

std::span<const float> team_series_values(const CoreRun& run, std::size_t row) {
    return team_series[row].column(run.state);
}

}  // namespace trustsim::core
