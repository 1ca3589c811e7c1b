// P5b: psychological safety, team learning, felt trust, engagement, performance and the quit
// decision of every non-CEO agent (spec A.6, A.9). Managers update these as members of their
// boss's team.
#include "models/core/phases.hpp"

#include <cmath>

namespace trustsim::core {

// Without these terms E was nearly a function of trust in the manager and turnover intent an exact
// function of E, so F3's correlations were too high and its ordering an artefact.
PersonTerms draw_person_terms(const CoreRun& run, AgentIndex agent) {
    const OutcomesConfig& out = run.params.outcomes;
    if (out.engagement_disposition_sd <= 0 && out.outside_option_sd <= 0) return {};
    RandomStream stream = run.stream(static_cast<std::uint32_t>(run.state.traits.hire_step[agent]), agent, Purpose::person_outcomes);
    // A braced list evaluates left to right: the disposition takes the first draw.
    return {out.engagement_disposition_sd * stream.normal(), out.outside_option_sd * stream.normal()};
}

void update_outcomes(CoreRun& run, const StepContext& step) {
    CoreState& s = run.state;
    const Organisation& org = run.org();
    const CoreParameters& c = run.params;
    const OutcomesConfig& out = c.outcomes;
    const PsychSafetyConfig& safety = c.psych_safety;
    const double base_productivity = base_productivity_under(c.friction, out.base_productivity);

    // One Philox block per agent: lane 0 is the performance noise, lane 1 the quit draw.
    run.for_each_agent_with_stream(step.step, Purpose::outcome_week, [&](std::size_t i, RandomStream& lanes) {
        const auto agent = static_cast<AgentIndex>(i);
        if (agent == 0) return;
        const auto team = static_cast<std::uint32_t>(org.member_of_team(agent));
        const bool manager = org.is_manager(agent);

        // A punitive signal pulls safety down gamma times faster than a constructive one lifts it.
        const float signal = s.outcomes.safety_signal[team];
        if (signal >= 0) {
            const double gap = signal - s.outcomes.psych_safety[agent];
            const double rate = gap >= 0 ? safety.rate : safety.negativity * safety.rate;
            s.outcomes.psych_safety[agent] = static_cast<float>(std::clamp(s.outcomes.psych_safety[agent] + rate * gap, 0.0, 1.0));
        }
        if (!manager) {
            double error_rate = s.outcomes.error_rate[agent];
            for (std::uint32_t k = 0; k < s.outcomes.reported_in_team[team]; ++k) error_rate *= 1.0 - c.errors.team_learning;
            s.outcomes.error_rate[agent] = static_cast<float>(error_rate);
        }

        const double trusted_this_week = s.leadership.offered_stake[agent] > 0 ? 1.0 : 0.0;
        s.outcomes.felt_trust[agent] = static_cast<float>((1.0 - out.felt_trust_rate) * s.outcomes.felt_trust[agent] +
                                                 out.felt_trust_rate * trusted_this_week);

        const PersonTerms person{s.traits.engagement_disposition[agent], s.traits.outside_option[agent]};
        const double success = manager ? s.leadership.decision_success[agent] : (s.interactions.task_outcome[agent] == TaskOutcome::success ? 1.0 : 0.0);
        const double blamed = s.leadership.responses_punitive[agent] > 0 ? 1.0 : 0.0;
        const double drive = out.engagement_intercept + out.engagement_trust * s.trust.trust_in_manager[agent] +
                             out.engagement_safety * s.outcomes.psych_safety[agent] +
                             out.engagement_felt_trust * s.outcomes.felt_trust[agent] + out.engagement_success * success -
                             out.engagement_blame * blamed + person.disposition;
        s.outcomes.engagement[agent] = static_cast<float>((1.0 - out.engagement_rate) * s.outcomes.engagement[agent] +
                                                 out.engagement_rate * logistic(drive));

        int helps_received = 0;
        for (int slot = 0; slot < help_slots; ++slot) {
            helps_received += s.interactions.help_result[slot][agent] == HelpResult::agreed_succeeded ? 1 : 0;
        }
        const double noise_draw = lanes.uniform();
        const double quit_draw = lanes.uniform();
        double performance = s.traits.ability[agent] * (base_productivity + out.engagement_productivity * s.outcomes.engagement[agent]) *
                                 (1.0 + c.interactions.help_received_gain * helps_received + s.leadership.innovation_stock[team]) +
                             out.decision_quality_weight * s.leadership.decision_quality[team] - out.error_cost * s.interactions.own_errors[agent] +
                             out.performance_noise_sd * RandomStream::normal_quantile(noise_draw) + s.interactions.exchange_payoff[agent];
        if (manager) performance += s.outcomes.truster_payoff[static_cast<std::uint32_t>(org.leads_team(agent))];
        s.outcomes.performance[agent] = static_cast<float>(performance);

        // intent = logistic(x) and hazard = h0 exp(x) share one exp(x), x = -q (E - 0.5) + o. A
        // steep q can overflow exp(x), whose intent is then 1 (not inf/inf).
        const double odds = std::exp(-out.quit_sensitivity * (s.outcomes.engagement[agent] - 0.5) + person.outside_option);
        s.outcomes.turnover_intent[agent] = static_cast<float>(std::isinf(odds) ? 1.0 : odds / (1.0 + odds));
        if (c.modules.turnover) s.outcomes.quit[agent] = quit_draw < out.quit_base_hazard * odds ? 1 : 0;
    });
}

}  // namespace trustsim::core
