#include "models/core/phases.hpp"
#include "models/culture/power_distance.hpp"
#include "sim/parallel.hpp"

#include <limits>

namespace trustsim::core {
namespace {

float draw_beta_trait(const BetaTrait& trait, RandomStream& stream) {
    const BetaParameters p = beta_from_mean_sd(trait.mean, trait.sd);
    return static_cast<float>(stream.beta(p.a, p.b));
}

template <class T>
void resize(std::vector<T>& column, std::size_t n, T value = T{}) {
    column.assign(n, value);
}

}  // namespace

void hire(CoreRun& run, AgentIndex agent, std::uint32_t step, Purpose purpose, std::uint32_t first_block) {
    CoreState& s = run.state;
    const TraitsConfig& traits = run.params.traits;
    RandomStream stream = run.stream(step, agent, purpose, first_block);
    const bool leads_a_team = run.org().is_manager(agent);
    s.ability[agent] = draw_beta_trait(leads_a_team && traits.manager_ability ? *traits.manager_ability : traits.ability, stream);
    const bool exploitative = stream.bernoulli(traits.exploitative_share);
    s.exploitative[agent] = exploitative ? 1 : 0;
    s.cooperative[agent] = 0;
    s.character[agent] = draw_beta_trait(exploitative ? traits.exploitative_character : traits.character, stream);
    s.return_fraction[agent] = draw_beta_trait(traits.return_fraction, stream);
    s.propensity[agent] = draw_beta_trait(traits.propensity, stream);
    s.belief[agent] = static_cast<float>(s.environment_state + traits.initial_belief_sd * stream.normal());
    s.hire_step[agent] = static_cast<std::int32_t>(step);

    s.psych_safety[agent] = static_cast<float>(run.params.psych_safety.initial);
    s.felt_trust[agent] = static_cast<float>(run.params.outcomes.initial_felt_trust);
    s.engagement[agent] = static_cast<float>(run.params.outcomes.initial_engagement);
    s.error_rate[agent] = static_cast<float>(traits.initial_error_rate);
    // A newcomer has worked no week yet: no output to report, and the intent its initial
    // engagement implies (so a snapshot never mixes the leaver's values into the newcomer's row).
    s.performance[agent] = std::numeric_limits<float>::quiet_NaN();
    s.turnover_intent[agent] = static_cast<float>(
        logistic(-run.params.outcomes.quit_sensitivity * (run.params.outcomes.initial_engagement - 0.5)));
    s.latent_errors[agent] = 0;
    s.latent_cover[agent] = 0;
    s.pending_voice[agent] = 0;
    s.pending_report[agent] = 0;
    s.pending_discovered[agent] = 0;
    s.helps_given[agent] = 0;
    s.helps_received[agent] = 0;

    set_help_cost(run, agent);
}

void set_help_cost(CoreRun& run, AgentIndex agent) {
    // kappa is 0.5 for non-managers, and chi multiplies only a leader's own acts
    // (model-choices "Roles" 2).
    const bool manager = run.org().is_manager(agent);
    const double kappa = manager ? run.state.style[agent].self_confidence : 0.5;
    const double chi = manager ? power_distance(run, agent) : 0.0;
    run.state.help_competence_loss[agent] =
        static_cast<float>(run.params.trust.help_ask_penalty * (1.0 - kappa) * (1.0 + chi));
}

void draw_initial_styles(CoreRun& run) {
    for_each_agent(run.org().agents(), [&](std::size_t i) {
        const auto agent = static_cast<AgentIndex>(i);
        if (!run.org().is_manager(agent)) return;
        RandomStream stream = run.stream(0, agent, Purpose::initial_style);
        run.state.style[agent] = draw_style(run.params.leadership, stream);
        if (run.params.culture.enabled) scatter_style(run, agent, run.state.style[agent]);
    });
    // A person's own style replaces the draw (its stream is still used, so others' stay put).
    for (const PersonConfig& person : run.params.people) {
        if (person.style.empty() && person.overrides == StyleOverrides{}) continue;
        const AgentIndex agent = *find_person(run.org(), person.name);
        Style& style = run.state.style[agent];
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
        if (person.ability) s.ability[agent] = static_cast<float>(*person.ability);
        if (person.character) s.character[agent] = static_cast<float>(*person.character);
        if (person.return_fraction) s.return_fraction[agent] = static_cast<float>(*person.return_fraction);
        if (person.propensity) s.propensity[agent] = static_cast<float>(*person.propensity);
        if (person.error_rate) s.error_rate[agent] = static_cast<float>(*person.error_rate);
        if (person.cooperative) {
            s.cooperative[agent] = 1;
            s.exploitative[agent] = 0;
        }
    }
}

void initialise(CoreRun& run) {
    const std::size_t n = run.org().agents();
    const std::size_t teams = run.org().teams();
    CoreState& s = run.state;
    for (auto* column : {&s.ability, &s.character, &s.return_fraction, &s.propensity, &s.help_competence_loss,
                         &s.belief, &s.psych_safety, &s.felt_trust, &s.engagement, &s.error_rate,
                         &s.trust_in_manager, &s.performance, &s.turnover_intent, &s.offered_stake,
                         &s.voiced_estimate, &s.idea_quality, &s.exchange_return, &s.exchange_payoff,
                         &s.team_trust_sum_as_member, &s.team_trust_sum_as_leader}) {
        resize(*column, n);
    }
    for (auto* column : {&s.exploitative, &s.cooperative, &s.has_public_events, &s.responses_constructive, &s.responses_punitive, &s.idea_praised,
                         &s.pending_voice, &s.pending_report, &s.own_errors, &s.decision_success, &s.had_idea,
                         &s.voiced, &s.quit, &s.forced_discovery}) {
        resize(*column, n);
    }
    resize(s.hire_step, n);
    resize(s.latent_errors, n);
    resize(s.latent_cover, n);
    resize(s.helps_given, n);
    resize(s.helps_received, n);
    resize(s.gossip.relayed_stories, n);
    resize(s.pending_discovered, n);
    resize(s.team_trust_edges_as_member, n);
    resize(s.team_trust_edges_as_leader, n);
    Style neutral;  // non-managers' slots; never read
    for (std::size_t d = 0; d < style_dimension_count; ++d) neutral[d] = 0.5f;
    resize(s.style, n, neutral);
    resize(s.public_events, n);
    resize(s.reports_party_evidence, n);
    resize(s.manager_party_evidence, n);
    resize(s.task_outcome, n, TaskOutcome::none);
    for (int slot = 0; slot < help_slots; ++slot) {
        resize(s.help_edge[slot], n, no_edge);
        resize(s.help_result[slot], n, HelpResult::none);
    }
    resize(s.negotiation.edge, n, no_edge);
    resize(s.negotiation.sharing, n);
    resize(s.negotiation.joint, n);
    resize(s.negotiation.max, n);
    for (auto* column : {&s.innovation_stock, &s.decision_quality, &s.safety_signal, &s.truster_payoff,
                         &s.out_psych_safety, &s.out_psafe_agreement, &s.out_intrateam_trust,
                         &s.out_trust_in_manager, &s.out_engagement, &s.out_performance, &s.out_reported_errors,
                         &s.out_latent_errors, &s.out_learning_behaviour}) {
        resize(*column, teams);
    }
    resize(s.safety_events, teams);
    resize(s.safety_constructive, teams);
    resize(s.reported_in_team, teams);
    resize(s.ideas.own_idea, teams, std::numeric_limits<float>::quiet_NaN());
    for (int slot = 0; slot < 2; ++slot) {
        resize(s.ideas.forwarded_idea[slot], teams, std::numeric_limits<float>::quiet_NaN());
        resize(s.ideas.forwarded_hops[slot], teams);
    }
    for (auto* column : {&s.ideas.judged, &s.ideas.accepted, &s.ideas.forwards_judged, &s.ideas.forwards_accepted}) resize(*column, teams);
    s.environment_state = 0.0;

    // Power distance and styles first: hire() derives a manager's help-request penalty from them.
    assign_power_distance(run);
    draw_initial_styles(run);
    for_each_agent(n, [&](std::size_t i) { hire(run, static_cast<AgentIndex>(i), 0, Purpose::initial_traits); });
    // Before the priors below, which follow propensity.
    apply_people_traits(run);

    const TrustNetwork& net = run.network();
    s.evidence.resize(net.edges());
    resize(s.negotiation.memory, net.edges());
    const std::span<Evidence> evidence(s.evidence);
    for_each_agent(n, [&](std::size_t i) {
        const auto agent = static_cast<AgentIndex>(i);
        for (EdgeIndex e = net.row_begin(agent); e < net.row_end(agent); ++e) {
            evidence[e] = run.prior.evidence(run.prior_mean(agent, net.kind(e)));
        }
        const EdgeIndex up = net.edge_to_manager(agent);
        s.trust_in_manager[agent] = up == no_edge ? 0.0f : run.edge_trust(up);
    });
}

}  // namespace trustsim::core
