// A sweep directory from start to finish: refusing a directory that holds a different sweep,
// resuming the one it holds, running the runs still missing, and writing the results once every
// run is recorded; and merging shard directories into one.
//
//   DIR/plan.csv     the expanded plan: the directory's identity (a different plan = a different sweep)
//   DIR/sweep.yaml   the sweep file as given; DIR/scenario.yaml its scenario file (with plan.csv,
//                    the directory's identity: a changed `set:` or scenario is another sweep)
//   DIR/shard        "i/n": the share of the plan this directory runs (0/1 = all)
//   DIR/journal/     one append-only journal per process that ran runs (sweep/journal.hpp)
//   DIR/runs/        per-run HDF5 files, only when the sweep file asks (output.run_files)
//   DIR/results.h5, DIR/runs.csv   the results (sweep/results.hpp), once complete
#pragma once

#include "sweep/plan.hpp"
#include "sweep/results.hpp"
#include "sweep/runner.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace trustsim::sweep {

/// The process group a sweep runs on: this process alone, or MPI ranks (sweep/mpi_session.hpp).
class ProcessGroup {
  public:
    virtual ~ProcessGroup() = default;
    virtual int rank() const = 0;
    virtual int size() const = 0;
    virtual void barrier() = 0;
    /// A queue handing out [0, size) across the whole group; on the coordinator, `on_remote`
    /// hears of runs the other members finished.
    virtual std::unique_ptr<WorkQueue> make_queue(std::size_t size, RemoteRunsCallback on_remote) = 0;
    /// True when every member reports true (a collective: all members must call it).
    virtual bool all(bool mine) = 0;
    bool coordinator() const { return rank() == 0; }
};

/// The group of one process.
class SingleProcess final : public ProcessGroup {
  public:
    int rank() const override { return 0; }
    int size() const override { return 1; }
    void barrier() override {}
    std::unique_ptr<WorkQueue> make_queue(std::size_t size, RemoteRunsCallback) override {
        return std::make_unique<LocalWorkQueue>(size);
    }
    bool all(bool mine) override { return mine; }
};

struct SweepRunOptions {
    std::filesystem::path directory;
    bool resume = false;
    bool force = false;
    bool retry_failed = false;
    Shard shard;
    unsigned workers = 0;          ///< 0 = choose (runner.hpp)
    unsigned threads_per_run = 0;  ///< 0 = choose
    unsigned cores = 0;            ///< cores this process may use; 0 = all
    bool quiet = false;
    ModelFactory create_model = nullptr;
    ConfigVocabulary vocabulary;
    std::function<bool()> keep_going;
};

struct SweepOutcome {
    std::size_t runs_in_directory = 0;  ///< the shard's share of the plan
    std::size_t recorded_before = 0;    ///< already recorded when this invocation started
    std::size_t torn_records = 0;       ///< journal records a kill cut short (their runs ran again)
    std::size_t ran = 0, ran_failed = 0;  ///< by every rank of the group, this invocation
    std::size_t failed_total = 0;       ///< failed runs in the results
    bool complete = false;              ///< results.h5 and runs.csv were written
    bool interrupted = false;
    double seconds = 0, run_seconds = 0;
    Parallelism parallelism;
};

/// Runs (or resumes) a sweep in options.directory. Throws std::invalid_argument for usage
/// problems (a directory holding another sweep, ...) before anything runs.
SweepOutcome run_sweep(const SweepPlan& plan, const SweepRunOptions& options, ProcessGroup& group);

/// Joins shard directories of one plan into `output` (written like a complete sweep directory).
/// Throws std::invalid_argument when the shards are not of one plan or do not cover it.
void merge_sweeps(const SweepPlan& plan, const std::vector<std::filesystem::path>& shards,
                  const std::filesystem::path& output, bool force);

/// Reads DIR/plan.csv (empty string when there is none).
std::string read_plan_csv(const std::filesystem::path& directory);

}  // namespace trustsim::sweep
