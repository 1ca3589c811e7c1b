// The named random streams of the core model. Each value is the `purpose` word of the Philox
// counter, so every behaviour draws from its own stream: adding a draw for one purpose never
// shifts the draws of another. Append new purposes at the end; never renumber.
#pragma once

#include <cstdint>

namespace trustsim::core {

enum class Purpose : std::uint32_t {
    initial_traits = 1,
    initial_style,
    environment,        // org-level theta* walk (agent word = org_stream)
    private_signal,
    belief_feedback,
    decision_success,
    exchange_open,
    manager_discovery,
    manager_error,
    manager_admit,
    manager_response,
    manager_help,
    exchange_return,    // retired: lane of employee_week
    task_discovery,
    task_error,         // retired: lane of employee_week
    error_report,
    help_seek,
    help_give,          // agent word = helper, first block = asker (see interactions/help.cpp)
    idea,               // retired: lane of employee_week
    voice,
    apology_sincerity,
    performance_noise,  // retired: lanes of outcome_week
    quit,               // retired: lane of outcome_week
    newcomer_traits,
    employee_week,      // P3a lanes: task error, idea, help need, exploitation
    outcome_week,       // P5b lanes: performance noise, quit
    scripted_event,     // P0: draws of scripted events (first block = 4096 * event index)
    scripted_hire,      // P0: newcomers' traits from scripted events (first block = 4096 * event index)
    negotiation = 29,   // P3d: the initiator's draws for both sides of its negotiation (models/negotiation/)
    // Optional modules take explicit numbers (several branches append here independently).
    culture = 32,       // week 0: subculture chi_u (agent = unit root), style scatter (agent = manager, block 4096)
    ideas = 33,         // P2: a manager's own idea (block 0) and its review of forwarded ideas (block 64)
    person_outcomes = 40,  // P5b: a person's engagement disposition and outside option (step word = hire week)
};

/// The agent word used for org-level draws (the environment), which belong to no agent.
inline constexpr std::uint32_t org_stream = 0xFFFFFFFFu;

}  // namespace trustsim::core
