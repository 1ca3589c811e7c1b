// Hdf5Recorder: the observer that writes a run to the self-describing layout documented in
// docs/hdf5-layout.md. The file is written as NAME.partial and renamed to NAME only after the
// last step, once every write, flush and close has succeeded and the file is fsync'd, so a
// killed or failed run never leaves a file that looks finished. A failed write (a full disk, a
// size limit, an I/O error) removes NAME.partial and throws OutputFileError naming NAME.
#pragma once

#include "sim/config.hpp"
#include "sim/hdf5/file.hpp"
#include "sim/observer.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace trustsim {

inline constexpr std::int32_t hdf5_format_version = 1;

class Hdf5Recorder final : public Observer {
  public:
    /// The planned step count (for the last snapshot and for "complete") comes from the run,
    /// in on_start's RunInfo, so a recorder cannot disagree with the simulation it observes.
    Hdf5Recorder(std::string path, const OutputConfig& output);

    void on_start(const RunInfo& info, const World& world, const Model& model) override;
    void on_step(const StepView& view) override;
    void on_finish(std::uint32_t steps_completed, bool completed) override;

    const std::string& path() const noexcept { return path_; }
    std::string partial_path() const { return path_ + ".partial"; }
    /// Wall time spent inside this observer (creating, writing, closing).
    double seconds_writing() const noexcept { return seconds_writing_; }

  private:
    void start_file(const RunInfo& info, const World& world, const Model& model);
    void record_step(const StepView& view);
    /// Flushes and closes every dataset, writes the end attributes, flushes and closes the file,
    /// each checked: HDF5 caches chunks and metadata, so a full disk may only show up here.
    void close_file(std::uint32_t steps_completed);
    /// Gives the file up after an error: lets go of every handle without writing more (see
    /// hdf5::abandon_file) and removes the partial file. Never throws.
    void abandon() noexcept;
    /// abandon(), then throws OutputFileError saying that `error` stopped NAME from being written.
    [[noreturn]] void fail(const std::exception& error);
    template <class Visit>
    void for_each_dataset(Visit visit);
    void write_static(const Organisation& organisation, const Model& model, const TrustNetwork& week0);
    void write_agent_snapshot(const StepView& view);
    void write_edge_snapshot(const StepView& view);
    void start_edge_sample(const World& world, const Model& model, const TrustNetwork& week0);
    /// Finds each sampled tie (source, target) in the network when ties have moved.
    void follow_sampled_ties(const TrustNetwork& net);
    void write_edge_sample(const StepView& view);
    bool due(std::uint32_t step, std::uint32_t every) const noexcept;

    std::string path_;
    OutputConfig output_;
    std::uint32_t steps_planned_ = 0;  ///< from RunInfo
    hdf5::DatasetOptions options_;
    std::chrono::system_clock::time_point started_;
    /// When /org was last made visible to SWMR readers (at most once a second: each publication
    /// writes the org series' open chunks through the filters again).
    std::chrono::steady_clock::time_point published_;
    double seconds_writing_ = 0;

    hdf5::Handle file_;
    hdf5::GrowingDataset org_step_;
    std::vector<hdf5::GrowingDataset> org_series_;
    std::vector<hdf5::GrowingDataset> team_series_;
    hdf5::GrowingDataset agent_step_;
    std::vector<hdf5::GrowingDataset> agent_columns_;
    hdf5::GrowingDataset edge_step_;
    hdf5::GrowingDataset edge_targets_;  ///< /snapshots/edges/target, when ties may move
    hdf5::GrowingDataset edge_sources_;  ///< /snapshots/edges/source, when the hierarchy may change
    std::vector<hdf5::GrowingDataset> agent_structure_;  ///< manager, team, leads_team per snapshot, likewise
    std::vector<std::int32_t> agent_structure_row_;
    std::vector<std::uint32_t> edge_ends_;
    std::vector<hdf5::GrowingDataset> edge_columns_;
    // output.edge_sample: the sampled edges, each edge column's value at the last record, and
    // the weekly change and event bits written for them
    std::vector<EdgeIndex> sample_;  ///< current position of each sampled tie (no_edge once moved away)
    std::vector<AgentIndex> sample_source_, sample_target_;
    std::uint32_t sample_network_version_ = 0;
    std::vector<std::vector<float>> sample_previous_;
    std::vector<hdf5::GrowingDataset> sample_deltas_;
    hdf5::GrowingDataset sample_events_;
    std::vector<float> sample_now_;
    std::vector<std::uint16_t> sample_bits_;
    std::vector<double> org_row_;
    std::vector<float> team_rows_, agent_row_, edge_row_;
};

/// The build's provenance attributes (version, git commit, compiler, library versions), as every
/// trustsim output file carries them.
void write_build_provenance(hid_t object);

/// UTC time as ISO 8601, e.g. 2026-11-23T18:53:01Z.
std::string iso8601_utc(std::chrono::system_clock::time_point time);

}  // namespace trustsim
