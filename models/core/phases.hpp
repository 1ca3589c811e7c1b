// The core model's week (model-choices "Order within a week"). Each function is one phase or
// sub-phase; each writes only the slots of the agents (or teams) it iterates and reads what
// earlier phases wrote.
#pragma once

#include "models/core/context.hpp"

namespace trustsim::core {

/// Draws every agent's traits, the managers' styles and the initial evidence on every edge.
void initialise(CoreRun& run);
/// Fresh traits and state for the occupant of slot `agent` hired at `step` (0 = initial staff).
/// Every manager's style drawn from the scenario's leadership settings (the week-0 streams), then
/// the styles the scenario's `people` give single managers.
void draw_initial_styles(CoreRun& run);
/// The traits the scenario's `people` give single agents, over the drawn ones (initial staff).
void apply_people_traits(CoreRun& run);
/// c- an observer records when `agent` asks for help: depends on its style and the scenario.
void set_help_cost(CoreRun& run, AgentIndex agent);
/// `first_block` separates several hires of one slot in one week under one purpose.
void hire(CoreRun& run, AgentIndex agent, std::uint32_t step, Purpose purpose, std::uint32_t first_block = 0);

/// A person's own terms on the logit scale (A.9 has none; docs/CALIBRATION.md): `disposition` in
/// the engagement logit, `outside_option` in the quit logit and hazard. Constant for one occupant
/// of a slot: drawn at hire from the stream of the hire week and kept in TraitState; both 0 when
/// their sds are.
struct PersonTerms {
    double disposition = 0.0;
    double outside_option = 0.0;
};
PersonTerms draw_person_terms(const CoreRun& run, AgentIndex agent);

/// P1: theta* walk and jumps; private signals and belief updates.
void update_environment(CoreRun& run, const StepContext& step);
/// P2: decisions, belief correction, trust-first offers, own errors, responses, help requests.
void act_as_managers(CoreRun& run, const StepContext& step);
/// P3a: answer exchanges, tasks and reports, help requests, ideas and voice.
void act_as_employees(CoreRun& run, const StepContext& step);
/// P3b: helpers' answers to this week's requests.
void answer_help_requests(CoreRun& run, const StepContext& step);
/// P4: every agent pulls the events of its out-neighbours into its own row, then forgets.
void observe_and_update_trust(CoreRun& run, const StepContext& step);
/// P5a: team aggregates the members need (S_T, reported errors, the manager's exchange payoff).
void aggregate_teams(CoreRun& run, const StepContext& step);
/// P5b: psychological safety, team learning, felt trust, engagement, performance, quits.
void update_outcomes(CoreRun& run, const StepContext& step);
/// P5c: per-team output series (after outcomes, before leavers are replaced).
void measure_teams(CoreRun& run, const StepContext& step);
/// P5d: leavers replaced in place by newcomers; their edges restart at the priors.
void replace_leavers(CoreRun& run, const StepContext& step);

/// The help target of `asker`: the out-neighbour maximising t * tau_c, ties broken at random;
/// `excluded` (e.g. the asker's own boss) is skipped. no_edge when there is none.
EdgeIndex choose_helper(const CoreRun& run, AgentIndex asker, AgentIndex excluded, RandomStream& stream);

}  // namespace trustsim::core
