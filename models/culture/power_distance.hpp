// Power distance chi per agent (spec A.4 chi; models/culture/). With the culture module off every
// agent has the organisation's chi (leadership.omniscience_expectation), exactly as the core
// model always had; on, each unit (a subtree rooted at depth culture.unit_depth) has its own
// chi_u, and chi also lowers error reporting and help-seeking upward.
#pragma once

#include "models/core/context.hpp"
#include "models/leadership/styles.hpp"

namespace trustsim::core {

/// chi_i: the agent's unit's power distance with the culture module on, the organisation's
/// otherwise (the same double the core model always used, so off changes no bit).
inline double power_distance(const CoreRun& run, AgentIndex agent) noexcept {
    return run.params.culture.enabled ? double{run.state.culture.power_distance[agent]} : run.params.leadership.omniscience_expectation;
}

/// What power distance takes off the logit of reporting an error upward: r3 chi_i (culture on only).
inline double report_power_distance(const CoreRun& run, AgentIndex agent) noexcept {
    return run.params.culture.report_power_distance * run.state.culture.power_distance[agent];
}

/// What power distance takes off the logit of asking `helper` for help: h3 chi_i when the helper
/// sits higher in the hierarchy than the asker (its own manager, or a lateral tie upward), else 0
/// (culture on only).
inline double upward_help_power_distance(const CoreRun& run, AgentIndex asker, AgentIndex helper) noexcept {
    const Organisation& org = run.org();
    if (org.depth(helper) >= org.depth(asker)) return 0.0;
    return run.params.culture.upward_help_power_distance * run.state.culture.power_distance[asker];
}

/// Week 0: every agent's chi_i (the organisation's when the module is off). Each unit root u
/// draws chi_u ~ Beta(mean chi_org, sd subculture_sd) from stream (0, u, culture); every agent
/// of its subtree takes it; agents above the unit level keep chi_org.
void assign_power_distance(CoreRun& run);

/// Scatters a manager's drawn style: each dimension + style_sd * Z, clipped to [0, 1], from
/// stream (0, manager, culture, block 4096). Does nothing with style_sd = 0.
void scatter_style(const CoreRun& run, AgentIndex manager, Style& style);

}  // namespace trustsim::core
