#include "models/outcomes/metrics.hpp"

#include "sim/parallel.hpp"

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

}  // namespace

OutputSchema core_output_schema() {
    OutputSchema schema;
    schema.org_series = {
        {"trust_in_manager", "1", "mean composite trust t(i, manager) of non-CEO agents, in [0,1]"},
        {"psychological_safety", "1", "mean belief psi that speaking up is safe, in [0,1]"},
        {"engagement", "1", "mean engagement E, in [0,1]"},
        {"performance", "output units per week", "mean individual performance y"},
        {"felt_trust", "1", "mean felt trust F (EMA of being trusted by the manager), in [0,1]"},
        {"turnover_intent", "1", "mean turnover intent logistic(-q (E - 0.5)), in [0,1]"},
        {"reported_error_rate", "1", "reported / all task errors of non-managers this week (NaN if none)", true},
        {"voice_rate", "1", "voiced / ideas this week (NaN if no ideas)", true},
        {"quit_rate", "1/week", "leavers / N this week"},
        {"latent_errors", "errors per agent", "mean hidden uncorrected errors z of non-managers"},
        {"manager_latent_cover", "errors per manager", "mean concealed own errors of non-CEO managers"},
        {"decision_quality", "1", "mean team decision quality Q_T over teams, in [0,1]"},
        {"environment_state", "task-state units", "theta*, the task-relevant state of the environment"},
    };
    schema.team_series = {
        {"psychological_safety", "1", "PS_T, mean psi of the team's direct reports"},
        {"psafe_agreement", "1", "r_wg = 1 - var(psi) / (1/12) over the reports (NaN for one report)"},
        {"intrateam_trust", "1", "mean composite trust over directed edges inside the team"},
        {"trust_in_manager", "1", "mean trust of the reports in the team's manager"},
        {"engagement", "1", "mean engagement of the reports"},
        {"performance", "output units per week", "Y_T = sum of reports' y times (1 + g_coord * intrateam trust)"},
        {"decision_quality", "1", "Q_T of this week's decision"},
        {"reported_errors", "errors per week", "errors reported by the reports this week"},
        {"latent_errors", "errors", "hidden uncorrected errors held by the reports"},
        {"learning_behaviour", "acts per week", "error reports + help requests + voiced ideas of the reports"},
        {"innovation_stock", "1", "I_T, accepted ideas' stock with a 52-week half-life"},
    };
    schema.agent_columns = {
        {"trust_in_manager", "1", "composite trust in the agent's manager (NaN for the CEO)"},
        {"psychological_safety", "1", "psi"},
        {"felt_trust", "1", "F"},
        {"engagement", "1", "E"},
        {"performance", "output units per week", "y of the last week (NaN for a slot refilled this week)"},
        {"turnover_intent", "1", "logistic(-q (E - 0.5))"},
        {"error_rate", "1/week", "e_i, weekly probability of a task error"},
        {"latent_errors", "errors", "z_i (non-managers) or concealed own errors (managers)"},
        {"ability", "1", "a_i, true task competence"},
        {"character", "1", "c_i, true benevolence/integrity"},
        {"propensity", "1", "pi_i, dispositional trust"},
        {"return_fraction", "1", "r_i, share of received surplus returned"},
        {"hire_step", "week", "week the current occupant was hired (0 = initial staff)"},
    };
    schema.edge_columns = {
        {"trust", "1", "composite trust t_ij, aligned with /network/col_index"},
        {"competence", "1", "tau_c, expected competence of j as seen by i"},
        {"character", "1", "tau_h, expected benevolence/integrity of j as seen by i"},
    };
    schema.team_attributes = {
        {"self_reflection", "1", "sigma of the team's manager"},
        {"balanced_perspective", "1", "beta of the team's manager"},
        {"self_confidence", "1", "kappa of the team's manager"},
        {"humility", "1", "eta of the team's manager"},
        {"infallibility", "1", "iota of the team's manager"},
        {"trust_first", "1", "phi of the team's manager"},
    };
    return schema;
}

OrgMetrics measure(CoreRun& run) {
    CoreState& s = run.state;
    const Organisation& org = run.org();
    const double coordination = run.params.outcomes.coordination_gain;

    for_each_agent(org.teams(), [&](std::size_t t) {
        const auto team = static_cast<std::uint32_t>(t);
        const AgentIndex manager = org.team_manager(team);
        const AgentIndex first = org.first_report(manager);
        const std::uint32_t size = org.report_count(manager);
        double psafe = 0, psafe_squares = 0, trust = 0, engagement = 0, output = 0, latent = 0;
        double intrateam_sum = s.team_trust_sum_as_leader[manager];
        double intrateam_edges = s.team_trust_edges_as_leader[manager];
        std::uint32_t reported = 0, learning = 0;
        for (AgentIndex member = first; member < first + size; ++member) {
            psafe += s.psych_safety[member];
            psafe_squares += double{s.psych_safety[member]} * s.psych_safety[member];
            trust += s.trust_in_manager[member];
            engagement += s.engagement[member];
            output += s.performance[member];
            latent += org.is_manager(member) ? 0.0 : s.latent_errors[member];
            intrateam_sum += s.team_trust_sum_as_member[member];
            intrateam_edges += s.team_trust_edges_as_member[member];
            const bool reported_error = s.task_outcome[member] == TaskOutcome::reported_error;
            reported += reported_error ? 1u : 0u;
            learning += (reported_error ? 1u : 0u) + (s.help_edge[1][member] != no_edge ? 1u : 0u) + s.voiced[member];
        }
        const double n = size;
        const double mean_psafe = psafe / n;
        const double intrateam = ratio(intrateam_sum, intrateam_edges);
        s.out_psych_safety[team] = static_cast<float>(mean_psafe);
        s.out_psafe_agreement[team] = size > 1 ? static_cast<float>(1.0 - ((psafe_squares - n * mean_psafe * mean_psafe) / (n - 1.0)) * 12.0)
                                               : std::numeric_limits<float>::quiet_NaN();
        s.out_intrateam_trust[team] = static_cast<float>(intrateam);
        s.out_trust_in_manager[team] = static_cast<float>(trust / n);
        s.out_engagement[team] = static_cast<float>(engagement / n);
        s.out_performance[team] = static_cast<float>(output * (1.0 + coordination * (std::isnan(intrateam) ? 0.0 : intrateam)));
        s.out_reported_errors[team] = static_cast<float>(reported);
        s.out_latent_errors[team] = static_cast<float>(latent);
        s.out_learning_behaviour[team] = static_cast<float>(learning);
    });

    const AgentSums sums = reduce_fixed_order(
        org.agents(), AgentSums{},
        [&](std::size_t begin, std::size_t end) {
            AgentSums block;
            for (std::size_t i = std::max<std::size_t>(begin, 1); i < end; ++i) {
                const auto agent = static_cast<AgentIndex>(i);
                block.trust_in_manager += s.trust_in_manager[agent];
                block.psych_safety += s.psych_safety[agent];
                block.engagement += s.engagement[agent];
                block.performance += s.performance[agent];
                block.felt_trust += s.felt_trust[agent];
                block.turnover_intent += s.turnover_intent[agent];
                ++block.members;
                block.quits += s.quit[agent];
                block.ideas += s.had_idea[agent];
                block.voiced += s.voiced[agent];
                if (org.is_manager(agent)) {
                    block.latent_cover += s.latent_cover[agent];
                    ++block.managers;
                } else {
                    block.latent_errors += s.latent_errors[agent];
                    ++block.non_managers;
                    const TaskOutcome outcome = s.task_outcome[agent];
                    block.task_errors += (outcome == TaskOutcome::reported_error || outcome == TaskOutcome::hidden_error) ? 1u : 0u;
                    block.reported += outcome == TaskOutcome::reported_error ? 1u : 0u;
                }
            }
            return block;
        },
        [](AgentSums& total, const AgentSums& block) { total.add(block); });

    double quality = 0;
    for (std::uint32_t team = 0; team < org.teams(); ++team) quality += s.decision_quality[team];

    OrgMetrics m{};
    const auto members = static_cast<double>(sums.members);
    m[org_trust_in_manager] = sums.trust_in_manager / members;
    m[org_psychological_safety] = sums.psych_safety / members;
    m[org_engagement] = sums.engagement / members;
    m[org_performance] = sums.performance / members;
    m[org_felt_trust] = sums.felt_trust / members;
    m[org_turnover_intent] = sums.turnover_intent / members;
    m[org_reported_error_rate] = ratio(static_cast<double>(sums.reported), static_cast<double>(sums.task_errors));
    m[org_voice_rate] = ratio(static_cast<double>(sums.voiced), static_cast<double>(sums.ideas));
    m[org_quit_rate] = static_cast<double>(sums.quits) / org.agents();
    m[org_latent_errors] = ratio(sums.latent_errors, static_cast<double>(sums.non_managers));
    m[org_manager_latent_cover] = ratio(sums.latent_cover, static_cast<double>(sums.managers));
    m[org_decision_quality] = quality / org.teams();
    m[org_environment_state] = s.environment_state;
    return m;
}

void agent_column_values(const CoreRun& run, std::size_t column, std::span<float> out) {
    const CoreState& s = run.state;
    const Organisation& org = run.org();
    for_each_agent(org.agents(), [&](std::size_t i) {
        const auto a = static_cast<AgentIndex>(i);
        float v = 0;
        switch (column) {
            case 0: v = s.trust_in_manager[a]; break;
            case 1: v = s.psych_safety[a]; break;
            case 2: v = s.felt_trust[a]; break;
            case 3: v = s.engagement[a]; break;
            case 4: v = s.performance[a]; break;
            case 5: v = s.turnover_intent[a]; break;
            case 6: v = s.error_rate[a]; break;
            case 7: v = static_cast<float>(org.is_manager(a) ? s.latent_cover[a] : s.latent_errors[a]); break;
            case 8: v = s.ability[a]; break;
            case 9: v = s.character[a]; break;
            case 10: v = s.propensity[a]; break;
            case 11: v = s.return_fraction[a]; break;
            case 12: v = static_cast<float>(s.hire_step[a]); break;
            default: v = std::numeric_limits<float>::quiet_NaN(); break;
        }
        // The CEO has no manager and takes no part in P5, so its member-side columns are NaN.
        const bool member_column = column <= 5;
        out[i] = (a == 0 && member_column) ? std::numeric_limits<float>::quiet_NaN() : v;
    });
}

std::span<const float> team_series_values(const CoreRun& run, std::size_t series) {
    const CoreState& s = run.state;
    const std::vector<float>* columns[] = {&s.out_psych_safety, &s.out_psafe_agreement, &s.out_intrateam_trust,
                                           &s.out_trust_in_manager, &s.out_engagement, &s.out_performance,
                                           &s.decision_quality, &s.out_reported_errors, &s.out_latent_errors,
                                           &s.out_learning_behaviour, &s.innovation_stock};
    return *columns[series];
}

}  // namespace trustsim::core
