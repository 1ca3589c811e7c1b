// P3a: what every agent does as a member of its manager's team (spec P3, A.7): answer the
// manager's exchange, do the week's task and decide whether to report an error, ask for help,
// and voice ideas. Managers take part as members of their boss's team; their "task" is their
// team decision (P2). The CEO only seeks help.
#include "models/core/phases.hpp"
#include "models/culture/power_distance.hpp"

#include <algorithm>

namespace trustsim::core {
namespace {

/// The four single draws every agent makes in P3a, the four lanes of one Philox block of the
/// `employee_week` stream. Each purpose owns a fixed lane, so adding or removing a draw in one
/// of them never shifts another; one block instead of four halves the RNG cost of the phase.
struct EmployeeDraws {
    double task_error;
    double idea;
    double help_need;
    double exploit;

    explicit EmployeeDraws(const PhiloxBlock& lanes)
        : task_error(RandomStream::uniform_from_bits(lanes[0])),
          idea(RandomStream::uniform_from_bits(lanes[1])),
          help_need(help_need_of(lanes)),
          exploit(RandomStream::uniform_from_bits(lanes[3])) {}

    static double help_need_of(const PhiloxBlock& lanes) { return RandomStream::uniform_from_bits(lanes[2]); }
};

/// Reciprocation to the manager's stake (A.7): felt trust and the trustee's own trust in the
/// manager raise the returned fraction; an exploitative agent usually keeps everything.
void answer_exchange(CoreRun& run, AgentIndex agent, const EmployeeDraws& draws) {
    CoreState& s = run.state;
    const InteractionsConfig& ix = run.params.interactions;
    const float stake = s.leadership.offered_stake[agent];
    s.interactions.exchange_payoff[agent] = 0;
    if (stake <= 0) return;
    double fraction = std::clamp(s.traits.return_fraction[agent] + ix.felt_trust_effect * (s.outcomes.felt_trust[agent] - 0.5) +
                                     ix.relationship_effect * (s.trust.trust_in_manager[agent] - 0.5),
                                 0.0, 1.0);
    if (s.traits.exploitative[agent] && draws.exploit < ix.exploit_probability) fraction = 0.0;
    const double multiplied = ix.exchange_multiplier * stake;
    // A cooperative trustee returns at least the stake, so the truster always sees it kept.
    if (s.traits.cooperative[agent]) fraction = std::max(fraction, 1.0 / ix.exchange_multiplier);
    s.interactions.exchange_return[agent] = static_cast<float>(fraction * multiplied);
    if (s.traits.cooperative[agent]) s.interactions.exchange_return[agent] = std::max(s.interactions.exchange_return[agent], stake);
    const double surplus = ix.exchange_payoff_scale * (ix.exchange_multiplier - 1.0) * stake;
    s.interactions.exchange_payoff[agent] = static_cast<float>(surplus * (1.0 - fraction));
}

/// Hidden errors may come out (before this week's task), then the task succeeds or fails, and a
/// failure is reported with probability logistic(r0 + r1 psi + r2 t) (minus r3 chi_i with culture on).
void do_task(CoreRun& run, AgentIndex agent, const StepContext& step, const EmployeeDraws& draws) {
    CoreState& s = run.state;
    const ErrorsConfig& errors = run.params.errors;
    const TrustConfig& trust = run.params.trust;

    RandomStream discovery = run.stream(step.step, agent, Purpose::task_discovery);
    // A scripted scandal exposes everything at once (p_disc = 1).
    const std::uint32_t discovered = s.events.forced_discovery[agent] ? s.interactions.latent_errors[agent]
                                                               : discovery.binomial(s.interactions.latent_errors[agent], errors.discovery_probability);
    s.interactions.latent_errors[agent] -= discovered;
    s.interactions.pending_discovered[agent] = static_cast<std::uint16_t>(std::min<std::uint32_t>(discovered, 65535));
    if (discovered > 0) {
        const EvidenceDelta delta{0, static_cast<float>(discovered * trust.failure_loss), 0, 0};
        open_public_events(s, agent).evidence.add_scaled(delta, 1.0f);
        s.trust.manager_party_evidence[agent].add_scaled(delta, 1.0f);
    }

    const auto manager = static_cast<AgentIndex>(run.org().parent(agent));
    const double hazard = s.outcomes.error_rate[agent] + errors.latent_hazard * (s.interactions.latent_errors[agent] + s.leadership.latent_cover[manager]);
    s.interactions.pending_report[agent] = 0;
    s.interactions.own_errors[agent] = 0;
    if (!(draws.task_error < hazard)) {
        s.interactions.task_outcome[agent] = TaskOutcome::success;
        return;
    }
    s.interactions.own_errors[agent] = 1;
    RandomStream report = run.stream(step.step, agent, Purpose::error_report);
    double report_logit = errors.report_intercept + errors.report_safety * s.outcomes.psych_safety[agent] +
                          errors.report_trust * s.trust.trust_in_manager[agent];
    if (run.params.culture.enabled) report_logit -= report_power_distance(run, agent);  // - r3 chi_i
    const double p_report = logistic(report_logit);
    if (report.bernoulli(p_report)) {
        s.interactions.task_outcome[agent] = TaskOutcome::reported_error;
        s.interactions.pending_report[agent] = 1;
    } else {
        s.interactions.task_outcome[agent] = TaskOutcome::hidden_error;
        ++s.interactions.latent_errors[agent];
    }
}

/// Ideas arrive at a fixed rate; each is voiced to the manager with probability
/// logistic(v0 + v1 psi + v2 t - v3 chi) and answered in next week's P2.
void voice_ideas(CoreRun& run, AgentIndex agent, const StepContext& step, const EmployeeDraws& draws) {
    CoreState& s = run.state;
    const InteractionsConfig& ix = run.params.interactions;
    s.interactions.pending_voice[agent] = 0;
    s.interactions.had_idea[agent] = 0;
    s.interactions.voiced[agent] = 0;
    if (!(draws.idea < ix.idea_rate)) return;
    s.interactions.had_idea[agent] = 1;
    if (!run.params.modules.voice) return;  // ideas still arrive; none is voiced
    RandomStream voice = run.stream(step.step, agent, Purpose::voice);
    const double quality = voice.normal();
    const double p_voice = logistic(ix.voice_intercept + ix.voice_safety * s.outcomes.psych_safety[agent] +
                                    ix.voice_trust * s.trust.trust_in_manager[agent] -
                                    ix.voice_power_distance * power_distance(run, agent));
    if (!voice.bernoulli(p_voice)) return;
    s.interactions.voiced[agent] = 1;
    s.interactions.pending_voice[agent] = 1;
    s.interactions.voiced_estimate[agent] = s.environment.belief[agent];
    s.interactions.idea_quality[agent] = static_cast<float>(quality);
}

/// With probability p_need the agent has a problem it cannot solve alone; it asks its most
/// trusted competent neighbour if logistic(h0 + h1 psi + h2 t) clears a uniform draw.
void seek_help(CoreRun& run, AgentIndex agent, const StepContext& step, const EmployeeDraws& draws) {
    CoreState& s = run.state;
    const InteractionsConfig& ix = run.params.interactions;
    s.interactions.help_edge[1][agent] = no_edge;
    if (!run.params.modules.help_seeking) return;
    if (!(draws.help_need < ix.need_probability)) return;
    RandomStream stream = run.stream(step.step, agent, Purpose::help_seek);
    const EdgeIndex e = choose_helper(run, agent, no_agent, stream);
    if (e == no_edge) return;
    double ask_logit = ix.help_intercept + ix.help_safety * s.outcomes.psych_safety[agent] + ix.help_trust * run.edge_trust(e);
    if (run.params.culture.enabled) ask_logit -= upward_help_power_distance(run, agent, run.network().target(e));
    const double p_ask = logistic(ask_logit);
    if (!stream.bernoulli(p_ask)) return;
    s.interactions.help_edge[1][agent] = e;
    PublicEvents& events = open_public_events(s, agent);
    events.helper[1] = run.network().target(e);
    events.evidence.add_scaled({0, s.interactions.help_competence_loss[agent], static_cast<float>(run.params.trust.help_ask_credit), 0}, 1.0f);
}

/// seek_help scans the asker's row for a helper, and that row's evidence was a cache miss on
/// nearly every request (44 % of choose_helper's samples on its first load). The need draws of
/// the agents after this one are already in their blocks, so the rows of those who will ask are
/// fetched while this one acts.
constexpr AgentIndex help_row_prefetch_distance = 8;

[[gnu::always_inline]] inline void prefetch_help_row(const CoreRun& run, const FirstBlocks& blocks, AgentIndex agent) {
    const PhiloxBlock* lanes = blocks.find(agent);
    if (lanes == nullptr || !(EmployeeDraws::help_need_of(*lanes) < run.params.interactions.need_probability)) return;
    const TrustNetwork& net = run.network();
    const EdgeIndex begin = net.row_begin(agent);
    const EdgeIndex end = net.row_end(agent);
    if (begin == end) return;
    __builtin_prefetch(&run.state.trust.evidence[begin]);
    __builtin_prefetch(&run.state.trust.evidence[end - 1]);
}

}  // namespace

void act_as_employees(CoreRun& run, const StepContext& step) {
    const Organisation& org = run.org();
    run.for_each_agent_with_blocks(step.step, Purpose::employee_week, [&](std::size_t i, const FirstBlocks& blocks) {
        const auto agent = static_cast<AgentIndex>(i);
        if (run.params.modules.help_seeking) prefetch_help_row(run, blocks, agent + help_row_prefetch_distance);
        const EmployeeDraws draws(blocks.block(agent));
        if (agent != 0) {
            answer_exchange(run, agent, draws);
            if (!org.is_manager(agent)) {
                do_task(run, agent, step, draws);
            } else {
                run.state.interactions.task_outcome[agent] = TaskOutcome::none;
                run.state.interactions.pending_report[agent] = 0;
                run.state.interactions.pending_discovered[agent] = 0;
            }
            voice_ideas(run, agent, step, draws);
        }
        seek_help(run, agent, step, draws);
    });
}

}  // namespace trustsim::core
