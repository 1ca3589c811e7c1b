// MemoryRecorder: the observer that keeps a run in memory, for the Python module. It records what
// Hdf5Recorder writes (docs/hdf5-layout.md) with the same cadence and the same element types, so
// `trustsim.run()` in Python and `trustsim run` on the command line give bit-identical numbers for
// the same scenario and seed; only the container differs (vectors here, datasets there).
//
// Series are stored row-major, one row per recorded week: a later numpy array is a view-free copy
// of one vector. Not recorded: the sampled edges' weekly changes (output.edge_sample), which
// exist for files too large to snapshot; in memory the edge snapshots serve instead.
#pragma once

#include "sim/config.hpp"
#include "sim/observer.hpp"
#include "sim/output_tables.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trustsim::python {

/// One run, as the HDF5 file would hold it.
struct RecordedRun {
    // Provenance (the file's root attributes).
    std::string scenario_name, model, config_yaml;
    std::uint64_t seed = 0;
    std::uint32_t replicate = 0, threads = 0, agents = 0, teams = 0;
    std::uint64_t edges = 0;
    std::uint32_t steps_planned = 0, steps_before = 0, steps_completed = 0;
    bool completed = false;

    OutputSchema schema;

    OutputTables tables;  ///< /agents, /team, /network and /events: the organisation at week 0

    // /org: org_values[row * series + s].
    std::vector<std::int32_t> org_step;
    std::vector<double> org_values;
    // /team/<series>: team_values[s][row * teams + team]; empty without output.team_series.
    std::vector<std::vector<float>> team_values;
    // /snapshots/agents: agent_values[c][row * agents + i]; agent_structure (manager, team,
    // leads_team at each snapshot) only when the hierarchy may change (schema.edge_slots > 0).
    std::vector<std::int32_t> agent_step;
    std::vector<std::vector<float>> agent_values;
    std::vector<std::vector<std::int32_t>> agent_structure;
    // /snapshots/edges: edge_values[c][row * edge_width + e]; NaN pads slots beyond the network's
    // edges. edge_sources only when the hierarchy may change, edge_targets when ties may move.
    std::uint64_t edge_width = 0;
    std::vector<std::int32_t> edge_step;
    std::vector<std::vector<float>> edge_values;
    std::vector<std::uint32_t> edge_sources, edge_targets;
};

class MemoryRecorder final : public Observer {
  public:
    explicit MemoryRecorder(const OutputConfig& output) : output_(output) {}

    void on_start(const RunInfo& info, const World& world, const Model& model) override;
    void on_step(const StepView& view) override;
    void on_finish(std::uint32_t steps_completed, bool completed) override;

    RecordedRun& result() noexcept { return run_; }

  private:
    void record_agent_snapshot(const StepView& view);
    void record_edge_snapshot(const StepView& view);
    /// Hdf5Recorder's rule: every `every`-th week and the last planned one.
    bool due(std::uint32_t step, std::uint32_t every) const noexcept;

    OutputConfig output_;
    RecordedRun run_;
    std::vector<double> org_row_;
    std::vector<float> team_rows_, row_;
};

}  // namespace trustsim::python
