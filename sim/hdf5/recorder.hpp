// Hdf5Recorder: the observer that writes a run to the self-describing layout documented in
// docs/hdf5-layout.md. The file is written as NAME.partial and renamed to NAME only after the
// last step, once every write, flush and close has succeeded and the file is fsync'd, so a
// killed or failed run never leaves a file that looks finished. A failed write (a full disk, a
// size limit, an I/O error) removes NAME.partial and throws OutputFileError naming NAME.
//
// Two threads share the work (sim/hdf5/writer_thread.hpp). Between steps, on the simulation's
// thread, the recorder *gathers*: it asks the model for this week's values and copies them into
// buffers it owns (a StaticTables at the start, an OutputBatch per week and per few snapshot
// columns). It then *posts* a job that writes them, and the simulation goes on with the next
// week while the writer thread compresses and writes. Every HDF5 call, from creating the file to
// closing it, runs on the writer thread; the datasets (the GrowingDataset members) are touched
// only there. The simulation's thread waits only when the writer is more than
// max_bytes_in_flight behind, and at the end for the close, before the rename. A write error
// surfaces at the next post or at the end, and is reported as before.
#pragma once

#include "sim/config.hpp"
#include "sim/hdf5/file.hpp"
#include "sim/hdf5/writer_thread.hpp"
#include "sim/observer.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace trustsim {

inline constexpr std::int32_t hdf5_format_version = 1;

class Hdf5Recorder final : public Observer {
  public:
    /// Output buffers the writer may hold before the simulation waits for it: a week's series
    /// and a snapshot of 10^6 agents (about 160 MB) fit, so the writer works while the next weeks
    /// run; larger snapshots are handed over a few columns at a time.
    static constexpr std::size_t max_bytes_in_flight = std::size_t{256} << 20;

    /// The planned step count (for the last snapshot and for "complete") comes from the run,
    /// in on_start's RunInfo, so a recorder cannot disagree with the simulation it observes.
    Hdf5Recorder(std::string path, const OutputConfig& output);
    Hdf5Recorder(const Hdf5Recorder&) = delete;
    Hdf5Recorder& operator=(const Hdf5Recorder&) = delete;
    /// Closes the file (unchecked) if on_finish never ran, on the writer thread, and stops it.
    ~Hdf5Recorder() override;

    void on_start(const RunInfo& info, const World& world, const Model& model) override;
    void on_step(const StepView& view) override;
    void on_finish(std::uint32_t steps_completed, bool completed) override;

    const std::string& path() const noexcept { return path_; }
    std::string partial_path() const { return path_ + ".partial"; }
    /// Wall time the simulation spent inside this observer: gathering values, waiting for the
    /// writer when it was too far behind, and waiting for the file to be closed at the end.
    double seconds_writing() const noexcept { return seconds_writing_; }
    /// Wall time the writer thread spent compressing and writing, mostly alongside the steps.
    double seconds_writer_busy() const;

    struct StaticTables;
    struct OutputBatch;

  private:
    void start_file(const StaticTables& tables);
    void record_step(const StepView& view);
    /// Hands `batch` to the writer thread (blocking while it is too far behind).
    void post(OutputBatch&& batch);
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
    StaticTables gather_static(const RunInfo& info, const World& world, const Model& model, const TrustNetwork& week0);
    void write_static(const StaticTables& tables);
    void write_agent_snapshot(const StepView& view);
    void write_edge_snapshot(const StepView& view);
    void gather_edge_sample(const World& world, const Model& model, const TrustNetwork& week0, StaticTables& tables);
    void start_edge_sample(const StaticTables& tables);
    /// Finds each sampled tie (source, target) in the network when ties have moved.
    void follow_sampled_ties(const TrustNetwork& net);
    void write_edge_sample(const StepView& view, OutputBatch& batch);
    bool due(std::uint32_t step, std::uint32_t every) const noexcept;

    // Used on the simulation's thread only.
    std::string path_;
    OutputConfig output_;
    std::uint32_t steps_planned_ = 0;  ///< from RunInfo
    hdf5::DatasetOptions options_;
    std::chrono::system_clock::time_point started_;
    /// When /org was last made visible to SWMR readers (at most once a second: each publication
    /// writes the org series' open chunks through the filters again).
    std::chrono::steady_clock::time_point published_;
    double seconds_writing_ = 0;
    bool topology_may_change_ = false;
    std::size_t edge_slots_ = 0;  ///< OutputSchema::edge_slots: edge snapshots' width when merges and splits add ties
    std::size_t team_count_ = 0;
    std::unique_ptr<hdf5::WriterThread> writer_;

    // Used on the writer thread only, once on_start has sized the vectors (the simulation's thread
    // takes the addresses of their elements for the jobs it posts, and never reads them).
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
    std::vector<hdf5::GrowingDataset> edge_columns_;
    std::vector<hdf5::GrowingDataset> sample_deltas_;
    hdf5::GrowingDataset sample_events_;

    // output.edge_sample, on the simulation's thread: the sampled edges, and each edge column's
    // value at the last record, from which the weekly change is computed
    std::vector<EdgeIndex> sample_;  ///< current position of each sampled tie (no_edge once moved away)
    std::vector<AgentIndex> sample_source_, sample_target_;
    std::uint32_t sample_network_version_ = 0;
    std::vector<std::vector<float>> sample_previous_;
    bool sample_has_events_ = false;
};

/// The build's provenance attributes (version, git commit, compiler, library versions), as every
/// trustsim output file carries them.
void write_build_provenance(hid_t object);

/// UTC time as ISO 8601, e.g. 2026-11-23T18:53:01Z.
std::string iso8601_utc(std::chrono::system_clock::time_point time);

}  // namespace trustsim
