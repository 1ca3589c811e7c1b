// What the core model measures: the names, units and meanings written to HDF5, each in one table
// row next to the code that computes it: the core's rows in metrics.cpp, each module's in its
// folder's outputs.cpp (models/core/output_rows.hpp), joined in module order, so the schema's
// order and the values' order are the same list.
#pragma once

#include "models/core/context.hpp"
#include "models/core/output_rows.hpp"
#include "sim/model.hpp"

#include <span>
#include <vector>

namespace trustsim::core {

/// Org-level values of the last measured week, in the order of the schema's org series.
using OrgMetrics = std::vector<double>;

/// The outputs of a run with these settings (the influence columns only with modules.influence).
OutputSchema core_output_schema(const CoreParameters& params);

/// P5c: per-team series into the state's out_* columns, and the org-level metrics (after P5b,
/// before leavers are replaced). Deterministic for any thread count.
OrgMetrics measure(CoreRun& run);

/// The agent-column table rows a run with these settings writes, in schema order (modules that
/// are off drop their columns).
std::vector<std::size_t> agent_column_rows(const CoreParameters& params);
/// True for the columns computed from informal influence (influence_of); `column` is a table row.
bool agent_column_needs_influence(std::size_t column);
/// Agent snapshot column of table row `column` into out; `influence` as influence_of gives it
/// when the column needs it, else empty.
void agent_column_values(const CoreRun& run, std::size_t column, std::span<float> out,
                         std::span<const double> influence = {});
/// Informal influence: the PageRank of the network weighted by composite trust (models/influence/).
std::vector<double> influence_of(const CoreRun& run);
/// Edge snapshot column `column` (schema order) into out, aligned with the network's col_index.
void edge_column_values(const CoreRun& run, std::size_t column, std::span<float> out);
/// Edge column `column` on the given edges only (out[k] for edges[k]).
void edge_column_values(const CoreRun& run, std::size_t column, std::span<const EdgeIndex> edges, std::span<float> out);
/// The team-series table rows a run with these settings writes, in schema order.
std::vector<std::size_t> team_series_rows(const CoreParameters& params);
/// Team series of table row `row` for every team.
std::span<const float> team_series_values(const CoreRun& run, std::size_t row);

}  // namespace trustsim::core
