// A sweep expanded into its runs, before anything runs.
//
// Run i of the plan is design point `point` (a row of the design) and replicate `replicate`, with
// index = point * replicates + replicate. Its RNG seed is derived from (master seed, point) by a
// 64-bit mixing function, and the replicate index enters the RNG key beside it, so every run's
// randomness is fixed by the plan alone: it does not matter which worker, rank or shard runs it,
// or when. (Never "seed + i": neighbouring seeds would give neighbouring runs related streams
// and make a run's result depend on its position in a loop.) A run can be reproduced alone with
// `trustsim run SCENARIO --seed S --replicate R --set path=value ...` from its manifest row.
#pragma once

#include "sim/run_plan.hpp"
#include "sweep/sweep_spec.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trustsim::sweep {

struct PlannedRun {
    std::uint64_t index = 0;
    std::uint64_t point = 0;
    std::uint32_t replicate = 0;
    std::uint32_t seed = 0;            ///< derived from (master seed, point)
    std::vector<std::string> values;   ///< one YAML scalar per factor, in factor order
    std::vector<std::int64_t> tags;    ///< SweepPlan::tag_names order
};

struct SweepPlan {
    SweepSpec spec;
    std::vector<Factor> factors;         ///< spec.factors, or the table's columns
    std::vector<std::string> tag_names;  ///< design structure columns (saltelli_*, morris_*)
    std::uint64_t points = 0;
    std::vector<PlannedRun> runs;
    std::uint32_t largest_agents = 0;    ///< the largest organisation among the points (runner.hpp)
    /// The first points (at most max_largest_points) with largest_agents agents: the memory check
    /// estimates these, as a sweep's peak memory is that of its largest runs at once.
    std::vector<std::uint64_t> largest_points;
};

/// A plan larger than this is refused before it is expanded: the plan alone would take gigabytes,
/// and checking its points hours. Larger experiments are split into several sweep files.
inline constexpr std::uint64_t max_planned_runs = 10'000'000;

/// How many of the largest points the memory check estimates (each a few milliseconds).
inline constexpr std::size_t max_largest_points = 64;

/// The number of runs `spec` expands to (design points x replicates), computed from the design's
/// sizes without expanding it (a table design's file is read); saturates at UINT64_MAX. Throws
/// ConfigError when a design table cannot be read.
std::uint64_t planned_runs(const SweepSpec& spec);

/// Expands the design and checks every design point's scenario (each distinct point is parsed
/// once, exactly as its runs will be). Throws ConfigError naming the sweep file (or table row)
/// and the point, or the plan's size when it exceeds max_planned_runs; nothing has run yet.
SweepPlan expand_plan(SweepSpec spec, const ConfigVocabulary& vocabulary);

/// The scenario of one run: base file + `set:` + the run's factor values + seed + replicate.
ScenarioConfig resolve_run_scenario(const SweepPlan& plan, const PlannedRun& run, const ConfigVocabulary& vocabulary);

/// The seed of design point `point` under `master_seed` (documented in docs/sweeps.md).
std::uint32_t derive_seed(std::uint64_t master_seed, std::uint64_t point) noexcept;

/// The plan as CSV: run, point, replicate, seed, one column per factor (named by Factor::name),
/// one per tag. Two plans are the same sweep exactly when these texts are equal.
std::string plan_csv(const SweepPlan& plan);

/// plan_csv's header line and one row, without the line end: runs.csv starts each line with them.
std::string plan_csv_header(const SweepPlan& plan);
std::string plan_csv_row(const PlannedRun& run);

/// The shortest text that parses back to exactly `x` (factor values, messages).
std::string format_number(double x);

/// A CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line end.
std::string csv_field(const std::string& text);

/// A factor value as a number for the manifest (NaN for a categorical text level).
double factor_number(const std::string& value);

}  // namespace trustsim::sweep
