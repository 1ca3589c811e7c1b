#include "models/outcomes/metrics.hpp"

#include "models/events/team_changes.hpp"
#include "models/core/modules.hpp"
#include "models/influence/pagerank.hpp"
#include "models/trust/edge_events.hpp"
#include "sim/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace trustsim::core {
namespace {

struct AgentSums {
    double trust_in_manager = 0, psych_safety = 0, engagement = 0, performance = 0, felt_trust = 0,
           turnover_intent = 0, latent_errors = 0, latent_cover = 0, exploited_stake = 0;
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
        exploited_stake += o.exploited_stake;
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

/// Everything the core's org series are computed from: one fixed-order reduction over agents,
/// plus team and environment state. Modules measure their own series (output_rows.hpp).
struct OrgTotals {
    AgentSums agents;
    double decision_quality_sum = 0;
    std::uint32_t teams = 0, slots = 0;
    double environment_state = 0;
};


struct OrgSeries {
    SeriesSpec spec;
    double (*value)(const OrgTotals&);
};

double per_member(double sum, const OrgTotals& t) { return sum / static_cast<double>(t.agents.members); }

// The core's org-level series (model-choices "Org-level metrics"); the modules' follow.
const OrgSeries org_series[] = {
    {{"trust_in_manager", "1", "mean composite trust t(i, manager) of non-CEO agents, in [0,1]", false, 0, 1},
     [](const OrgTotals& t) { return per_member(t.agents.trust_in_manager, t); }},
    {{"psychological_safety", "1", "mean belief psi that speaking up is safe, in [0,1]", false, 0, 1},
     [](const OrgTotals& t) { return per_member(t.agents.psych_safety, t); }},
    {{"engagement", "1", "mean engagement E, in [0,1]", false, 0, 1}, [](const OrgTotals& t) { return per_member(t.agents.engagement, t); }},
    {{"performance", "output units per week", "mean individual performance y"},
     [](const OrgTotals& t) { return per_member(t.agents.performance, t); }},
    {{"felt_trust", "1", "mean felt trust F (EMA of being trusted by the manager), in [0,1]", false, 0, 1},
     [](const OrgTotals& t) { return per_member(t.agents.felt_trust, t); }},
    {{"turnover_intent", "1", "mean turnover intent logistic(-q (E - 0.5)), in [0,1]", false, 0, 1},
     [](const OrgTotals& t) { return per_member(t.agents.turnover_intent, t); }},
    {{"reported_error_rate", "1", "reported / all task errors of non-managers this week (NaN if none)", true, 0, 1},
     [](const OrgTotals& t) { return ratio(static_cast<double>(t.agents.reported), static_cast<double>(t.agents.task_errors)); }},
    {{"voice_rate", "1", "voiced / ideas this week (NaN if no ideas)", true, 0, 1},
     [](const OrgTotals& t) { return ratio(static_cast<double>(t.agents.voiced), static_cast<double>(t.agents.ideas)); }},
    {{"quit_rate", "1/week", "leavers / N this week", false, 0, 1},
     [](const OrgTotals& t) { return static_cast<double>(t.agents.quits) / t.slots; }},
    {{"latent_errors", "errors per agent", "mean hidden uncorrected errors z of non-managers", false, 0, HUGE_VAL},
     [](const OrgTotals& t) { return ratio(t.agents.latent_errors, static_cast<double>(t.agents.non_managers)); }},
    {{"manager_latent_cover", "errors per manager", "mean concealed own errors of non-CEO managers", true, 0, HUGE_VAL},
     [](const OrgTotals& t) { return ratio(t.agents.latent_cover, static_cast<double>(t.agents.managers)); }},
    {{"decision_quality", "1", "mean team decision quality Q_T over teams, in [0,1]", false, 0, 1},
     [](const OrgTotals& t) { return t.decision_quality_sum / t.teams; }},
    {{"environment_state", "task-state units", "theta*, the task-relevant state of the environment"},
     [](const OrgTotals& t) { return t.environment_state; }},
    // F6(b)'s transient loss: what trusting cost the managers this week.
    {{"exploited_stake", "stake units per agent", "sum over this week's trust-first exchanges of the stake not returned, "
      "max(0, stake - returned), / N", false, 0, HUGE_VAL},
     [](const OrgTotals& t) { return t.agents.exploited_stake / t.slots; }},
};



// The core's team series and agent columns; the modules' follow (all_team_series, all_agent_columns).
const TeamSeries core_team_series[] = {
    {{"psychological_safety", "1", "PS_T, mean psi of the team's direct reports", false, 0, 1}, &team_column<&CoreState::outcomes, &OutcomeState::out_psych_safety>},
    {{"psafe_agreement", "1", "r_wg = 1 - var(psi) / (1/12) over the reports (NaN for one report)", true, -5, 1}, &team_column<&CoreState::outcomes, &OutcomeState::out_psafe_agreement>},
    {{"intrateam_trust", "1", "mean composite trust over directed edges inside the team", false, 0, 1}, &team_column<&CoreState::outcomes, &OutcomeState::out_intrateam_trust>},
    {{"trust_in_manager", "1", "mean trust of the reports in the team's manager", false, 0, 1}, &team_column<&CoreState::outcomes, &OutcomeState::out_trust_in_manager>},
    {{"engagement", "1", "mean engagement of the reports", false, 0, 1}, &team_column<&CoreState::outcomes, &OutcomeState::out_engagement>},
    {{"performance", "output units per week", "Y_T = sum of reports' y times (1 + g_coord * intrateam trust)"},
     &team_column<&CoreState::outcomes, &OutcomeState::out_performance>},
    {{"decision_quality", "1", "Q_T of this week's decision", false, 0, 1}, &team_column<&CoreState::leadership, &LeadershipState::decision_quality>},
    {{"reported_errors", "errors per week", "errors reported by the reports this week", false, 0, HUGE_VAL}, &team_column<&CoreState::outcomes, &OutcomeState::out_reported_errors>},
    {{"latent_errors", "errors", "hidden uncorrected errors held by the reports", false, 0, HUGE_VAL}, &team_column<&CoreState::outcomes, &OutcomeState::out_latent_errors>},
    {{"learning_behaviour", "acts per week", "error reports + help requests + voiced ideas of the reports", false, 0, HUGE_VAL},
     &team_column<&CoreState::outcomes, &OutcomeState::out_learning_behaviour>},
    // Voice on its own (F4(a)): a week's rate is NaN in most teams (ideas arrive at 0.05 per
    // report and week), so the idea count is written too, to pool the rate over weeks.
    {{"ideas", "ideas per week", "ideas the reports had this week (voiced or not)", false, 0, HUGE_VAL}, &team_column<&CoreState::outcomes, &OutcomeState::out_ideas>},
    {{"voice_rate", "1", "voiced / ideas of the reports this week (NaN if none)", true, 0, 1},
     &team_column<&CoreState::outcomes, &OutcomeState::out_voice_rate>},
    {{"innovation_stock", "1", "I_T, accepted ideas' stock with a 52-week half-life", false, 0, HUGE_VAL}, &team_column<&CoreState::leadership, &LeadershipState::innovation_stock>},
};


const AgentColumn core_agent_columns[] = {
    {{"trust_in_manager", "1", "composite trust in the agent's manager (NaN for the CEO)", false, 0, 1}, true,
     [](const AgentColumnContext& c, AgentIndex a) { return c.state.trust.trust_in_manager[a]; }},
    {{"psychological_safety", "1", "psi", false, 0, 1}, true, [](const AgentColumnContext& c, AgentIndex a) { return c.state.outcomes.psych_safety[a]; }},
    {{"felt_trust", "1", "F", false, 0, 1}, true, [](const AgentColumnContext& c, AgentIndex a) { return c.state.outcomes.felt_trust[a]; }},
    {{"engagement", "1", "E", false, 0, 1}, true, [](const AgentColumnContext& c, AgentIndex a) { return c.state.outcomes.engagement[a]; }},
    {{"performance", "output units per week", "y of the last week (NaN for a slot refilled this week)", true}, true,
     [](const AgentColumnContext& c, AgentIndex a) { return c.state.outcomes.performance[a]; }},
    {{"turnover_intent", "1", "logistic(-q (E - 0.5))", false, 0, 1}, true,
     [](const AgentColumnContext& c, AgentIndex a) { return c.state.outcomes.turnover_intent[a]; }},
    {{"error_rate", "1/week", "e_i, weekly probability of a task error", false, 0, 1}, false,
     [](const AgentColumnContext& c, AgentIndex a) { return c.state.outcomes.error_rate[a]; }},
    {{"latent_errors", "errors", "z_i (non-managers) or concealed own errors (managers)", false, 0, HUGE_VAL}, false,
     [](const AgentColumnContext& c, AgentIndex a) {
         return static_cast<float>(c.org.is_manager(a) ? c.state.leadership.latent_cover[a] : c.state.interactions.latent_errors[a]);
     }},
    {{"ability", "1", "a_i, true task competence", false, 0, 1}, false, [](const AgentColumnContext& c, AgentIndex a) { return c.state.traits.ability[a]; }},
    {{"character", "1", "c_i, true benevolence/integrity", false, 0, 1}, false,
     [](const AgentColumnContext& c, AgentIndex a) { return c.state.traits.character[a]; }},
    {{"propensity", "1", "pi_i, dispositional trust", false, 0, 1}, false,
     [](const AgentColumnContext& c, AgentIndex a) { return c.state.traits.propensity[a]; }},
    {{"return_fraction", "1", "r_i, share of received surplus returned", false, 0, 1}, false,
     [](const AgentColumnContext& c, AgentIndex a) { return c.state.traits.return_fraction[a]; }},
    {{"hire_step", "week", "week the current occupant was hired (0 = initial staff)", false, 0, HUGE_VAL}, false,
     [](const AgentColumnContext& c, AgentIndex a) { return static_cast<float>(c.state.traits.hire_step[a]); }},
    // F2(b) and F2(d): the trust-first exchange of the week, seen from the trustee.
    {{"exchange_stake", "1", "stake the agent's manager sent it this week in a trust-first exchange, the manager's trust in it "
      "(0 if none; NaN for the CEO)", false, 0, 1}, true,
     [](const AgentColumnContext& c, AgentIndex a) { return c.state.leadership.offered_stake[a]; }},
    {{"exchange_returned", "1", "what the agent returned of the multiplied stake (interactions.exchange_multiplier x stake) this week (NaN if no exchange)", true, 0, HUGE_VAL}, true,
     [](const AgentColumnContext& c, AgentIndex a) {
         return c.state.leadership.offered_stake[a] > 0 ? c.state.interactions.exchange_return[a] : nan_f();
     }},
};

struct EdgeColumn {
    SeriesSpec spec;
    float (*value)(const CompositeTrust&, const Evidence&);
};

const EdgeColumn edge_columns[] = {
    {{"trust", "1", "composite trust t_ij, aligned with /network/col_index", false, 0, 1},
     [](const CompositeTrust& composite, const Evidence& e) { return composite(e); }},
    {{"competence", "1", "tau_c, expected competence of j as seen by i", false, 0, 1},
     [](const CompositeTrust&, const Evidence& e) { return competence_expectation(e); }},
    {{"character", "1", "tau_h, expected benevolence/integrity of j as seen by i", false, 0, 1},
     [](const CompositeTrust&, const Evidence& e) { return character_expectation(e); }},
};

/// The row of edge_columns holding composite trust (the weights of informal influence).
constexpr std::size_t trust_edge_column = 0;

/// The core's rows followed by each module's, in module order: the tables rows are numbered in.
template <class Row, std::size_t N>
std::vector<Row> joined(const Row (&core)[N], std::span<const Row> (*part)(const ModuleOutputs&)) {
    std::vector<Row> rows(std::begin(core), std::end(core));
    for (const CoreModule& module : core_modules()) {
        if (module.outputs == nullptr) continue;
        const ModuleOutputs outputs = module.outputs();
        const std::span<const Row> more = part(outputs);
        rows.insert(rows.end(), more.begin(), more.end());
    }
    return rows;
}

const std::vector<TeamSeries>& team_series() {
    static const std::vector<TeamSeries> rows =
        joined(core_team_series, +[](const ModuleOutputs& o) { return o.team; });
    return rows;
}

const std::vector<AgentColumn>& agent_columns() {
    static const std::vector<AgentColumn> rows =
        joined(core_agent_columns, +[](const ModuleOutputs& o) { return o.agent; });
    return rows;
}

/// The modules' org-level series groups a run with these settings measures, in module order.
std::vector<const OrgSeriesGroup*> org_series_groups(const CoreParameters& params) {
    std::vector<const OrgSeriesGroup*> groups;
    for (const CoreModule& module : core_modules()) {
        if (module.outputs == nullptr) continue;
        const OrgSeriesGroup* group = module.outputs().org;
        if (group != nullptr && (group->present == nullptr || group->present(params))) groups.push_back(group);
    }
    return groups;
}

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

template <class Row>
std::vector<std::size_t> enabled_rows(const std::vector<Row>& rows, const CoreParameters& params) {
    std::vector<std::size_t> enabled_ones;
    for (std::size_t row = 0; row < rows.size(); ++row) {
        if (enabled(rows[row], params)) enabled_ones.push_back(row);
    }
    return enabled_ones;
}

std::vector<std::size_t> agent_column_rows(const CoreParameters& params) { return enabled_rows(agent_columns(), params); }

std::vector<std::size_t> team_series_rows(const CoreParameters& params) { return enabled_rows(team_series(), params); }

OutputSchema core_output_schema(const CoreParameters& params) {
    OutputSchema schema;
    for (const OrgSeries& series : org_series) schema.org_series.push_back(series.spec);
    for (const OrgSeriesGroup* group : org_series_groups(params)) {
        schema.org_series.insert(schema.org_series.end(), group->specs.begin(), group->specs.end());
    }
    for (const std::size_t row : team_series_rows(params)) schema.team_series.push_back(team_series()[row].spec);
    for (const std::size_t row : agent_column_rows(params)) {
        // The CEO's member-side columns are NaN (docs/hdf5-layout.md, /snapshots/agents).
        SeriesSpec spec = agent_columns()[row].spec;
        spec.may_be_nan = spec.may_be_nan || agent_columns()[row].member_side;
        schema.agent_columns.push_back(std::move(spec));
    }
    schema.edge_columns = specs_of(edge_columns);
    schema.edge_event_types = edge_event_types();
    schema.topology_may_change = std::any_of(params.events.begin(), params.events.end(), [](const ScriptedEvent& e) {
        return e.type == EventType::reorganise || changes_teams(e);
    });
    for (const StyleDimension& dimension : style_dimensions) {
        schema.team_attributes.push_back({dimension.name, "1", std::string(dimension.symbol) + " of the team's manager", false, 0, 1});
    }
    return schema;
}

OrgMetrics measure(CoreRun& run) {
    CoreState& s = run.state;
    const Organisation& org = run.org();
    const double coordination = run.params.outcomes.coordination_gain;

    for_each_agent(org.teams(), [&](std::size_t t) {
        const auto team = static_cast<std::uint32_t>(t);
        const AgentIndex manager = org.team_manager(team);
        if (manager == no_manager) {  // a vacant slot: merged away, or a split to come
            for (std::vector<float>* column :
                 {&s.outcomes.out_psych_safety, &s.outcomes.out_psafe_agreement, &s.outcomes.out_intrateam_trust,
                  &s.outcomes.out_trust_in_manager, &s.outcomes.out_engagement, &s.outcomes.out_performance,
                  &s.outcomes.out_reported_errors, &s.outcomes.out_latent_errors, &s.outcomes.out_learning_behaviour,
                  &s.outcomes.out_ideas, &s.outcomes.out_voice_rate}) {
                (*column)[team] = std::numeric_limits<float>::quiet_NaN();
            }
            return;
        }
        const std::uint32_t size = org.report_count(manager);
        double psafe = 0, psafe_squares = 0, trust = 0, engagement = 0, output = 0, latent = 0;
        double intrateam_sum = s.trust.team_trust_sum_as_leader[manager];
        double intrateam_edges = s.trust.team_trust_edges_as_leader[manager];
        std::uint32_t reported = 0, learning = 0, ideas = 0, voiced = 0;
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
            ideas += s.interactions.had_idea[member];
            voiced += s.interactions.voiced[member];
        }
        const double n = size;
        const double mean_psafe = psafe / n;
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
        s.outcomes.out_ideas[team] = static_cast<float>(ideas);
        s.outcomes.out_voice_rate[team] = static_cast<float>(ratio(voiced, ideas));
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
                const float stake = s.leadership.offered_stake[agent];
                if (stake > 0) block.exploited_stake += std::max(0.0f, stake - s.interactions.exchange_return[agent]);
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
    OrgMetrics metrics;
    for (const OrgSeries& series : org_series) metrics.push_back(series.value(totals));
    for (const OrgSeriesGroup* group : org_series_groups(run.params)) {
        const std::size_t first = metrics.size();
        metrics.resize(first + group->specs.size());
        group->measure(run, std::span(metrics).subspan(first));
    }
    return metrics;
}

bool agent_column_needs_influence(std::size_t column) { return agent_columns()[column].needs_influence; }

void agent_column_values(const CoreRun& run, std::size_t column, std::span<float> out, std::span<const double> influence) {
    const AgentColumnContext context{run.state, run.org(), run.network(), influence};
    const AgentColumn& spec = agent_columns()[column];
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
    return team_series()[row].column(run.state);
}

}  // namespace trustsim::core
