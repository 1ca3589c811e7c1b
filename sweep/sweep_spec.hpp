// A sweep file, typed: the experiment a researcher describes in YAML, before expansion.
//
//   name: lhs-small
//   scenario: ../demo.yaml          # relative to the sweep file
//   set: {organisation.agents: 500, steps: 52}   # fixed for every run
//   seed: 42                        # master seed; each run's seed is derived from it
//   replicates: 3
//   design: {type: lhs, samples: 20}
//   factors:
//     - {path: leadership.overrides.humility, range: [0, 1]}
//     - {path: environment.jump_probability, distribution: loguniform, range: [0.001, 0.1]}
//     - {path: leadership.style, levels: [infallible, humble]}
//   summary: {last_weeks: 13}
//
// docs/sweeps.md documents every key. Parsing (sweep/sweep_file.cpp) checks keys, types and
// factor paths against the scenario schema and reports `file:line:col`; expansion
// (sweep/plan.hpp) then checks every run's scenario, so nothing runs on a bad sweep file.
#pragma once

#include "sim/config.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trustsim::sweep {

enum class DesignKind { grid, random, lhs, saltelli, morris, table };

/// How a continuous factor's unit coordinate u in [0,1] becomes a value.
enum class Distribution {
    uniform,     ///< lo + u (hi - lo)
    loguniform,  ///< exp of uniform on [log lo, log hi]; lo > 0
    normal,      ///< mean + sd Phi^-1(u), truncated to [lo, hi]
    triangular,  ///< on [lo, hi] with its peak at `mode`
};

struct Factor {
    std::string path;   ///< scenario parameter, e.g. "leadership.overrides.humility"
    std::string name;   ///< manifest column; defaults to the path
    std::string where;  ///< "file:line:col" of the factor's entry, for messages
    ParameterKind kind = ParameterKind::real;

    /// Categorical (or an explicit list of values): the YAML scalars, in order. A design's unit
    /// coordinate picks level floor(u * L); a grid takes each in turn.
    std::vector<std::string> levels;

    /// Continuous: a range and a distribution on it (ignored when `levels` is not empty).
    Distribution distribution = Distribution::uniform;
    double lo = 0, hi = 1;
    double mean = 0, sd = 1;  ///< normal
    double mode = 0.5;        ///< triangular
    std::size_t grid_points = 0;  ///< grid over a range: this many evenly spaced values, ends included

    bool categorical() const noexcept { return !levels.empty(); }
};

struct OutputSpec {
    std::uint32_t summary_last_weeks = 13;  ///< K: summaries are means over the last K weeks
    /// Also write each run's full HDF5 file (team series, snapshots, network) under runs/; off by
    /// default, since a 10,000-run sweep should not put 10,000 files on a cluster file system.
    bool run_files = false;
};

struct SweepSpec {
    std::string source;          ///< the sweep file's path, as given
    std::string name;            ///< label; default: the file stem
    std::string description;
    std::string scenario_path;   ///< resolved against the sweep file's folder
    std::string scenario_text;   ///< the scenario file's bytes
    std::vector<ConfigOverride> fixed;  ///< `set:`, applied to every run before the factors
    std::uint64_t seed = 1;      ///< master seed
    std::uint32_t replicates = 1;

    DesignKind design = DesignKind::grid;
    std::size_t samples = 0;        ///< random/lhs: points; saltelli: base samples N; morris: trajectories r
    std::size_t morris_levels = 4;  ///< p
    std::string table_path;         ///< table: the CSV file, resolved against the sweep file's folder
    std::vector<Factor> factors;
    OutputSpec output;

    std::string text;  ///< the sweep file's bytes, stored with the results for provenance
};

/// Reads and checks a sweep file. Throws ConfigError "file:line:col: message".
SweepSpec load_sweep(const std::string& path, const ConfigVocabulary& vocabulary);

/// Same as load_sweep, from the file's text; `path` is where it was read from (messages name it,
/// and the scenario and a design table are found relative to its folder).
SweepSpec parse_sweep(const std::string& text, const std::string& path, const ConfigVocabulary& vocabulary);

std::string design_name(DesignKind kind);

}  // namespace trustsim::sweep
