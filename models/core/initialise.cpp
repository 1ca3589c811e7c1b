#include "models/core/phases.hpp"
#include "models/culture/power_distance.hpp"
#include "sim/parallel.hpp"
#include "sim/prefault.hpp"

#include <limits>

namespace trustsim::core {
namespace {

float draw_beta_trait(const BetaTrait& trait, RandomStream& stream) {
    const BetaParameters p = beta_from_mean_sd(trait.mean, trait.sd);
    return static_cast<float>(stream.beta(p.a, p.b));
}

template <class T>
void resize(std::vector<T>& column, std::size_t n, T value = T{}) {
    assign_prefaulted(column, n, value);
}

}  // namespace

void hire(CoreRun& run, AgentIndex agent, std::uint32_t step, Purpose purpose, std::uint32_t first_block) {
    CoreState& s = run.state;
    const TraitsConfig& traits = run.params.traits;
    RandomStream stream = run.stream(step, agent, purpose, first_block);
    const bool leads_a_team = run.org().is_manager(agent);
    s.traits.ability[agent] = draw_beta_trait(leads_a_team && traits.manager_ability ? *traits.manager_ability : traits.ability, stream);
    const bool exploitative = stream.bernoulli(traits.exploitative_share);
    s.traits.exploitative[agent] = exploitative ? 1 : 0;
    s.traits.cooperative[agent] = 0;
    s.traits.character[agent] = draw_beta_trait(exploitative ? traits.exploitative_character : traits.character, stream);
    s.traits.return_fraction[agent] = draw_beta_trait(traits.return_fraction, stream);
    s.traits.propensity[agent] = draw_beta_trait(traits.propensity, stream);
    s.environment.belief[agent] = static_cast<float>(s.environment.theta_star + traits.initial_belief_sd * stream.normal());
    s.traits.hire_step[agent] = static_cast<std::int32_t>(step);
    const PersonTerms person = draw_person_terms(run, agent);
    s.traits.engagement_disposition[agent] = person.disposition;
    s.traits.outside_option[agent] = person.outside_option;

    s.outcomes.psych_safety[agent] = static_cast<float>(run.params.psych_safety.initial);
    s.outcomes.felt_trust[agent] = static_cast<float>(run.params.outcomes.initial_felt_trust);
    s.outcomes.engagement[agent] = static_cast<float>(run.params.outcomes.initial_engagement);
    s.outcomes.error_rate[agent] = static_cast<float>(traits.initial_error_rate);
    // A newcomer has worked no week yet: no output to report, and the intent its initial
    // engagement implies (so a snapshot never mixes the leaver's values into the newcomer's row).
    s.outcomes.performance[agent] = std::numeric_limits<float>::quiet_NaN();
    s.outcomes.turnover_intent[agent] = static_cast<float>(
        logistic(-run.params.outcomes.quit_sensitivity * (run.params.outcomes.initial_engagement - 0.5) +
                 person.outside_option));
    s.interactions.latent_errors[agent] = 0;
    s.leadership.latent_cover[agent] = 0;
    s.interactions.pending_voice[agent] = 0;
    s.interactions.pending_report[agent] = 0;
    s.interactions.pending_discovered[agent] = 0;
    s.collaboration.helps_given[agent] = 0;
    s.collaboration.helps_received[agent] = 0;

    set_help_cost(run, agent);
}

void set_help_cost(CoreRun& run, AgentIndex agent) {
    // kappa is 0.5 for non-managers, and chi multiplies only a leader's own acts
    // (model-choices "Roles" 2).
    const bool manager = run.org().is_manager(agent);
    const double kappa = manager ? run.state.leadership.style[agent].self_confidence : 0.5;
    const double chi = manager ? power_distance(run, agent) : 0.0;
    run.state.interactions.help_competence_loss[agent] =
        static_cast<float>(run.params.trust.help_ask_penalty * (1.0 - kappa) * (1.0 + chi));
}

void draw_initial_styles(CoreRun& run) {
    for_each_agent(run.org().agents(), [&](std::size_t i) {
        const auto agent = static_cast<AgentIndex>(i);
        if (!run.org().is_manager(agent)) return;
        RandomStream stream = run.stream(0, agent, Purpose::initial_style);
        run.state.leadership.style[agent] = draw_style(run.params.leadership, stream);
        if (run.params.culture.enabled) scatter_style(run, agent, run.state.leadership.style[agent]);
    });
    // A person's own style replaces the draw (its stream is still used, so others' stay put).
    for (const PersonConfig& person : run.params.people) {
        if (person.style.empty() && person.overrides == StyleOverrides{}) continue;
        const AgentIndex agent = *find_person(run.org(), person.name);
        Style& style = run.state.leadership.style[agent];
        if (!person.style.empty()) style = to_style(find_style(person.style));
        for (std::size_t d = 0; d < style_dimension_count; ++d) {
            if (person.overrides[d]) style[d] = static_cast<float>(*person.overrides[d]);
        }
    }
}

void apply_people_traits(CoreRun& run) {
    CoreState& s = run.state;
    for (const PersonConfig& person : run.params.people) {
        const AgentIndex agent = *find_person(run.org(), person.name);
        if (person.ability) s.traits.ability[agent] = static_cast<float>(*person.ability);
        if (person.character) s.traits.character[agent] = static_cast<float>(*person.character);
        if (person.return_fraction) s.traits.return_fraction[agent] = static_cast<float>(*person.return_fraction);
        if (person.propensity) s.traits.propensity[agent] = static_cast<float>(*person.propensity);
        if (person.error_rate) s.outcomes.error_rate[agent] = static_cast<float>(*person.error_rate);
        if (person.cooperative) {
            s.traits.cooperative[agent] = 1;
            s.traits.exploitative[agent] = 0;
        }
    }
}

void initialise(CoreRun& run) {
    const std::size_t n = run.org().agents();
    const std::size_t teams = run.org().teams();
    CoreState& s = run.state;
    for (auto* column : {&s.traits.ability, &s.traits.character, &s.traits.return_fraction, &s.traits.propensity, &s.interactions.help_competence_loss,
                         &s.environment.belief, &s.outcomes.psych_safety, &s.outcomes.felt_trust, &s.outcomes.engagement, &s.outcomes.error_rate,
                         &s.trust.trust_in_manager, &s.outcomes.performance, &s.outcomes.turnover_intent, &s.leadership.offered_stake,
                         &s.interactions.voiced_estimate, &s.interactions.idea_quality, &s.interactions.exchange_return, &s.interactions.exchange_payoff,
                         &s.trust.team_trust_sum_as_member, &s.trust.team_trust_sum_as_leader}) {
        resize(*column, n);
    }
    for (auto* column : {&s.traits.exploitative, &s.traits.cooperative, &s.trust.has_public_events, &s.leadership.responses_constructive, &s.leadership.responses_punitive, &s.leadership.idea_praised,
                         &s.interactions.pending_voice, &s.interactions.pending_report, &s.interactions.own_errors, &s.leadership.decision_success, &s.interactions.had_idea,
                         &s.interactions.voiced, &s.outcomes.quit, &s.events.forced_discovery}) {
        resize(*column, n);
    }
    resize(s.traits.hire_step, n);
    resize(s.traits.engagement_disposition, n);
    resize(s.traits.outside_option, n);
    resize(s.interactions.latent_errors, n);
    resize(s.leadership.latent_cover, n);
    resize(s.collaboration.helps_given, n);
    resize(s.collaboration.helps_received, n);
    resize(s.gossip.relayed_stories, n);
    resize(s.interactions.pending_discovered, n);
    resize(s.trust.team_trust_edges_as_member, n);
    resize(s.trust.team_trust_edges_as_leader, n);
    Style neutral;  // non-managers' slots; never read
    for (std::size_t d = 0; d < style_dimension_count; ++d) neutral[d] = 0.5f;
    resize(s.leadership.style, n, neutral);
    resize(s.trust.public_events, n);
    resize(s.trust.reports_party_evidence, n);
    resize(s.trust.manager_party_evidence, n);
    resize(s.interactions.task_outcome, n, TaskOutcome::none);
    for (int slot = 0; slot < help_slots; ++slot) {
        resize(s.interactions.help_edge[slot], n, no_edge);
        resize(s.interactions.help_result[slot], n, HelpResult::none);
    }
    resize(s.negotiation.edge, n, no_edge);
    resize(s.negotiation.sharing, n);
    resize(s.negotiation.joint, n);
    resize(s.negotiation.max, n);
    for (auto* column : {&s.leadership.innovation_stock, &s.leadership.decision_quality, &s.outcomes.safety_signal, &s.outcomes.truster_payoff,
                         &s.outcomes.out_psych_safety, &s.outcomes.out_psafe_agreement, &s.outcomes.out_intrateam_trust,
                         &s.outcomes.out_trust_in_manager, &s.outcomes.out_engagement, &s.outcomes.out_performance, &s.outcomes.out_reported_errors,
                         &s.outcomes.out_latent_errors, &s.outcomes.out_learning_behaviour, &s.outcomes.out_ideas,
                         &s.outcomes.out_voice_rate}) {
        resize(*column, teams);
    }
    resize(s.leadership.safety_events, teams);
    resize(s.leadership.safety_constructive, teams);
    resize(s.outcomes.reported_in_team, teams);
    resize(s.ideas.own_idea, teams, std::numeric_limits<float>::quiet_NaN());
    for (int slot = 0; slot < 2; ++slot) {
        resize(s.ideas.forwarded_idea[slot], teams, std::numeric_limits<float>::quiet_NaN());
        resize(s.ideas.forwarded_hops[slot], teams);
    }
    for (auto* column : {&s.ideas.judged, &s.ideas.accepted, &s.ideas.forwards_judged, &s.ideas.forwards_accepted}) resize(*column, teams);
    s.environment.theta_star = 0.0;

    // Power distance and styles first: hire() derives a manager's help-request penalty from them.
    assign_power_distance(run);
    draw_initial_styles(run);
    for_each_agent(n, [&](std::size_t i) { hire(run, static_cast<AgentIndex>(i), 0, Purpose::initial_traits); });
    // Before the priors below, which follow propensity.
    apply_people_traits(run);

    const TrustNetwork& net = run.network();
    assign_prefaulted(s.trust.evidence, net.edges());
    resize(s.negotiation.memory, net.edges());
    const std::span<Evidence> evidence(s.trust.evidence);
    for_each_agent(n, [&](std::size_t i) {
        const auto agent = static_cast<AgentIndex>(i);
        for (EdgeIndex e = net.row_begin(agent); e < net.row_end(agent); ++e) {
            evidence[e] = run.prior.evidence(run.prior_mean(agent, net.kind(e)));
        }
        const EdgeIndex up = net.edge_to_manager(agent);
        s.trust.trust_in_manager[agent] = up == no_edge ? 0.0f : run.edge_trust(up);
    });
}

}  // namespace trustsim::core
