// P2: what each manager does in a week (spec A.4, P2; model-choices "Behaviour details").
// A manager writes its own public events, its team's slots and its reports' inboxes (which no
// one else writes), and reads last week's pending voice and reports.
#include "models/core/phases.hpp"
#include "models/culture/power_distance.hpp"
#include "models/ideas/pipeline.hpp"
#include "sim/parallel.hpp"

#include <cmath>

namespace trustsim::core {
namespace {

struct VoicedInput {
    double weighted_sum = 0;
    double weight = 0;
    double plain_sum = 0;
    std::uint32_t count = 0;
};

/// The voiced estimates of last week, and their trust-weighted mean within the confidence bound.
VoicedInput gather_voice(const CoreRun& run, AgentIndex manager, double bound) {
    const CoreState& s = run.state;
    const TrustNetwork& net = run.network();
    VoicedInput input;
    for (EdgeIndex e = net.row_begin(manager); e < net.row_end(manager); ++e) {
        if (!(net.kind(e) & EdgeKind::to_report)) continue;
        const AgentIndex report = net.target(e);
        if (!s.interactions.pending_voice[report]) continue;
        const double estimate = s.interactions.voiced_estimate[report];
        input.plain_sum += estimate;
        ++input.count;
        if (std::abs(estimate - s.environment.belief[manager]) < bound) {
            const double w = run.edge_trust(e);
            input.weighted_sum += w * estimate;
            input.weight += w;
        }
    }
    return input;
}

void add(EvidenceDelta& a, const EvidenceDelta& b) { a.add_scaled(b, 1.0f); }

}  // namespace

void act_as_managers(CoreRun& run, const StepContext& step) {
    CoreState& s = run.state;
    const Organisation& org = run.org();
    const TrustNetwork& net = run.network();
    const CoreParameters& c = run.params;
    const LeadershipConfig& lead = c.leadership;
    const TrustConfig& trust = c.trust;
    const double innovation_decay = std::exp2(-1.0 / c.interactions.innovation_half_life);

    for_each_agent(org.teams(), [&](std::size_t t) {
        const auto team = static_cast<std::uint32_t>(t);
        const AgentIndex m = org.team_manager(team);
        if (m == no_manager) return;  // a vacant slot: merged away, or a split to come
        const Style& style = s.leadership.style[m];
        std::uint32_t safety_events = 0;
        std::uint32_t safety_constructive = 0;
        auto publish = [&](const EvidenceDelta& delta, bool reports_are_parties) -> PublicEvents& {
            PublicEvents& events = open_public_events(s, m);
            add(events.evidence, delta);
            if (reports_are_parties) add(s.trust.reports_party_evidence[m], delta);
            return events;
        };
        s.interactions.own_errors[m] = 0;
        s.interactions.help_edge[0][m] = no_edge;

        s.leadership.innovation_stock[team] = static_cast<float>(s.leadership.innovation_stock[team] * innovation_decay);
        IdeaLedger ideas;  // the idea pipeline's week (only with ideas.enabled; q_own = 0 otherwise)
        if (c.ideas.enabled) ideas.own = update_own_idea(run, team, m, step);

        // Decision: a Friedkin-Johnsen / Hegselmann-Krause mix of own belief and voiced input.
        const double bound = lead.confidence_bound_base + lead.confidence_bound_range * style.balanced_perspective;
        const VoicedInput voiced = gather_voice(run, m, bound);
        double decision = s.environment.belief[m];
        if (voiced.weight > 0) {
            decision = (1.0 - style.balanced_perspective) * s.environment.belief[m] +
                       style.balanced_perspective * voiced.weighted_sum / voiced.weight;
        }
        const double miss = decision - s.environment.theta_star;
        // A decision on target has Q_T = 1 at any width; written out, because a width whose square
        // underflows would make it 0/0.
        const double quality = miss == 0 ? 1.0 : std::exp(-miss * miss / (2.0 * lead.decision_width * lead.decision_width));
        s.leadership.decision_quality[team] = static_cast<float>(quality);
        RandomStream outcome = run.stream(step.step, m, Purpose::decision_success);
        s.leadership.decision_success[m] = outcome.bernoulli(quality) ? 1 : 0;
        if (s.leadership.decision_success[m]) publish({static_cast<float>(trust.success_gain), 0, 0, 0}, true);

        // Self-reflection corrects the belief toward a noisy reading of the outcome.
        RandomStream feedback = run.stream(step.step, m, Purpose::belief_feedback);
        const double outcome_signal = s.environment.theta_star + lead.feedback_noise_sd * feedback.normal();
        s.environment.belief[m] = static_cast<float>(s.environment.belief[m] + style.self_reflection * lead.feedback_weight * (outcome_signal - s.environment.belief[m]));

        // Show trust first: open an exchange with each report with probability 0.05 + 0.45 phi.
        RandomStream offers = run.stream(step.step, m, Purpose::exchange_open);
        const double open_probability = 0.05 + 0.45 * style.trust_first;
        for (EdgeIndex e = net.row_begin(m); e < net.row_end(m); ++e) {
            if (!(net.kind(e) & EdgeKind::to_report)) continue;
            const AgentIndex report = net.target(e);
            const bool open = c.modules.exchange && offers.bernoulli(open_probability);
            s.leadership.offered_stake[report] = open ? run.edge_trust(e) : 0.0f;
        }

        // Concealed errors come out first; then this week's error is admitted or concealed.
        RandomStream discovery = run.stream(step.step, m, Purpose::manager_discovery);
        // A scripted scandal exposes everything at once (p_disc = 1).
        const std::uint32_t discovered =
            s.events.forced_discovery[m] ? s.leadership.latent_cover[m] : discovery.binomial(s.leadership.latent_cover[m], c.errors.discovery_probability);
        s.leadership.latent_cover[m] -= discovered;
        if (discovered > 0) {
            const auto items = static_cast<float>(discovered);
            publish({0, items * static_cast<float>(trust.failure_loss), 0,
                     items * static_cast<float>(trust.broken_loss * trust.deception_multiplier)},
                    true);
            safety_events += discovered;
        }
        RandomStream error = run.stream(step.step, m, Purpose::manager_error);
        const double hazard = s.outcomes.error_rate[m] + c.errors.latent_hazard * s.leadership.latent_cover[m];
        if (error.bernoulli(hazard)) {
            s.interactions.own_errors[m] = 1;
            RandomStream admit = run.stream(step.step, m, Purpose::manager_admit);
            if (admit.bernoulli(1.0 - style.infallibility)) {
                const double penalty = trust.failure_loss * (1.0 - 0.5 * style.self_confidence) *
                                       (1.0 + power_distance(run, m));
                ++publish({0, static_cast<float>(penalty), 0, 0}, true).admissions;
                s.outcomes.error_rate[m] = static_cast<float>(s.outcomes.error_rate[m] * (1.0 - style.self_reflection * lead.learning_from_error));
                ++safety_events;
                ++safety_constructive;
            } else {
                ++s.leadership.latent_cover[m];
            }
        }

        // Answers to last week's voice, error reports and discovered hidden errors.
        RandomStream respond = run.stream(step.step, m, Purpose::manager_response);
        const double p_constructive_voice =
            0.2 + 0.7 * (style.humility + style.balanced_perspective) / 2.0 * (1.0 - style.infallibility);
        const double p_punish_report = style.infallibility * (1.0 - style.humility);
        const double p_blame = 0.5 * style.infallibility;
        const double acceptance_bar = ideas.own + (1.0 - style.balanced_perspective) * lead.not_invented_here_bias;
        for (EdgeIndex e = net.row_begin(m); e < net.row_end(m); ++e) {
            if (!(net.kind(e) & EdgeKind::to_report)) continue;
            const AgentIndex report = net.target(e);
            std::uint32_t constructive = 0;
            std::uint32_t punitive = 0;
            std::uint8_t praised = 0;
            if (s.interactions.pending_voice[report]) {
                if (respond.bernoulli(p_constructive_voice)) {
                    ++constructive;
                    if (s.interactions.idea_quality[report] > acceptance_bar) {
                        s.leadership.innovation_stock[team] += static_cast<float>(c.interactions.innovation_gain);
                        praised = 1;
                    }
                } else {
                    ++punitive;
                }
                if (c.ideas.enabled) ideas.voiced(s.interactions.idea_quality[report], praised != 0);
            }
            if (s.interactions.pending_report[report]) {
                if (respond.bernoulli(p_punish_report)) ++punitive; else ++constructive;
            }
            for (std::uint32_t item = 0; item < s.interactions.pending_discovered[report]; ++item) {
                if (respond.bernoulli(p_blame)) ++punitive; else ++constructive;
            }
            s.leadership.responses_constructive[report] = static_cast<std::uint8_t>(std::min<std::uint32_t>(constructive, 255));
            s.leadership.responses_punitive[report] = static_cast<std::uint8_t>(std::min<std::uint32_t>(punitive, 255));
            s.leadership.idea_praised[report] = c.modules.blessing ? praised : 0;
            if (constructive + punitive > 0) {
                publish({0, 0, static_cast<float>(constructive * trust.constructive_gain),
                         static_cast<float>(punitive * trust.punitive_loss)},
                        false);
                safety_events += constructive + punitive;
                safety_constructive += constructive;
            }
        }

        if (c.ideas.enabled) pass_ideas_up(run, team, m, step, p_constructive_voice, acceptance_bar, ideas);

        // A leader who "must have the answer" never asks; a humble one asks when the team's
        // voiced view is far from its own.
        if (c.modules.help_seeking && voiced.count > 0 &&
            std::abs(s.environment.belief[m] - voiced.plain_sum / voiced.count) > lead.help_uncertainty_threshold) {
            RandomStream ask = run.stream(step.step, m, Purpose::manager_help);
            if (ask.bernoulli(style.humility)) {
                const std::int32_t boss = org.parent(m);
                const AgentIndex excluded = boss == no_parent ? no_agent : static_cast<AgentIndex>(boss);
                const EdgeIndex e = choose_helper(run, m, excluded, ask);
                if (e != no_edge) {
                    s.interactions.help_edge[0][m] = e;
                    publish({0, s.interactions.help_competence_loss[m], static_cast<float>(trust.help_ask_credit), 0}, false)
                        .helper[0] = net.target(e);
                    ++safety_events;
                    ++safety_constructive;
                }
            }
        }

        s.leadership.safety_events[team] = static_cast<std::uint16_t>(std::min<std::uint32_t>(safety_events, 65535));
        s.leadership.safety_constructive[team] = static_cast<std::uint16_t>(std::min<std::uint32_t>(safety_constructive, 65535));
    });
}

}  // namespace trustsim::core
