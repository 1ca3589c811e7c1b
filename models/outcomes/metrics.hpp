// What the core model measures: the names, units and meanings written to HDF5, next to the
// code that computes them so the two cannot drift apart.
#pragma once

#include "models/core/context.hpp"
#include "sim/model.hpp"

#include <array>

namespace trustsim::core {

/// Org-level series, in schema order (model-choices "Org-level metrics").
enum OrgMetric : std::size_t {
    org_trust_in_manager,
    org_psychological_safety,
    org_engagement,
    org_performance,
    org_felt_trust,
    org_turnover_intent,
    org_reported_error_rate,
    org_voice_rate,
    org_quit_rate,
    org_latent_errors,
    org_manager_latent_cover,
    org_decision_quality,
    org_environment_state,
    org_metric_count
};
using OrgMetrics = std::array<double, org_metric_count>;

OutputSchema core_output_schema();

/// P5c: per-team series into the state's out_* columns, and the org-level metrics (after P5b,
/// before leavers are replaced). Deterministic for any thread count.
OrgMetrics measure(CoreRun& run);

/// Agent snapshot column `column` (schema order) into out.
void agent_column_values(const CoreRun& run, std::size_t column, std::span<float> out);
/// Team series `series` (schema order) for every team.
std::span<const float> team_series_values(const CoreRun& run, std::size_t series);

}  // namespace trustsim::core
