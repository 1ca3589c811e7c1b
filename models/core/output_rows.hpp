// What a module writes to the output: its rows of the org-level, team and agent tables, each a
// name, units and meaning (SeriesSpec) next to the code that computes it. A module lists its rows
// in its own folder (outputs.cpp) and names them in its row of the module table
// (models/core/modules.cpp); models/outcomes/metrics.cpp holds the core's own rows and joins the
// modules' after them, in module order, so a schema's order and its values' order are one list.
#pragma once

#include "models/core/context.hpp"
#include "sim/model.hpp"

#include <limits>
#include <span>

namespace trustsim::core {

/// Whether a row is written in a run with these settings (null: always).
using Presence = bool (*)(const CoreParameters&);

/// A module's org-level series, measured together once a week (P5c, after the core's).
struct OrgSeriesGroup {
    std::span<const SeriesSpec> specs;
    /// Writes one value per spec, in their order.
    void (*measure)(const CoreRun& run, std::span<double> out);
    Presence present = nullptr;
};

/// A per-team series: a team column of the state, one value per team slot (NaN for vacant ones).
struct TeamSeries {
    SeriesSpec spec;
    std::span<const float> (*column)(const CoreState&);
    Presence present = nullptr;
};

/// A team column of one module's state (CoreState::*Module).
template <auto Module, auto Column>
std::span<const float> team_column(const CoreState& s) {
    return (s.*Module).*Column;
}

/// What an agent column is computed from.
struct AgentColumnContext {
    const CoreState& state;
    const Organisation& org;
    const TrustNetwork& network;
    std::span<const double> influence;  ///< PageRank per agent, when the column needs it
};

struct AgentColumn {
    SeriesSpec spec;
    /// The CEO has no manager and takes no part in P5, so its member-side columns are NaN.
    bool member_side;
    float (*value)(const AgentColumnContext&, AgentIndex);
    Presence present = nullptr;
    bool needs_influence = false;  ///< computed from informal influence (influence_of)
};

/// A module's rows; any part may be empty.
struct ModuleOutputs {
    const OrgSeriesGroup* org = nullptr;
    std::span<const TeamSeries> team;
    std::span<const AgentColumn> agent;
};

inline constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
inline float nan_f() { return std::numeric_limits<float>::quiet_NaN(); }
/// numerator / denominator, NaN when the denominator is not positive (a rate of nothing).
inline double ratio(double numerator, double denominator) { return denominator > 0 ? numerator / denominator : not_a_number; }

}  // namespace trustsim::core
