// Runs a list of pending runs of a plan, many at once, each in its own task_arena.
//
// Two ways to use a machine's cores: several small runs side by side with one thread each
// (workers = cores), or one large run at a time with every thread (threads_per_run = cores).
// Small runs hardly split (a 2,000-agent step is ~0.6 ms, and the phases' fixed costs dominate),
// so for them concurrency wins; large runs split well, and running them one at a time keeps
// memory at one run's. choose_parallelism() picks between the two at a measured size
// (docs/sweeps.md, "Where the switch lies").
//
// A run that throws (a bad combination the validator let through, the NaN guard) is recorded
// as failed with its message and the sweep goes on. A journal write error stops the sweep: a
// result that cannot be kept must not be reported as done.
#pragma once

#include "sim/model.hpp"
#include "sweep/journal.hpp"
#include "sweep/plan.hpp"
#include "sweep/work_queue.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

namespace trustsim::sweep {

/// Organisations at least this large run one at a time with all threads; smaller ones run
/// side by side, one thread each. Measured on 2 cores (docs/sweeps.md).
inline constexpr std::uint32_t parallel_run_threshold_agents = 20'000;

struct Parallelism {
    unsigned workers = 1;          ///< runs at once in this process
    unsigned threads_per_run = 1;  ///< each run's task_arena
};

/// `cores` available to this process; `requested_*` 0 = choose.
Parallelism choose_parallelism(std::uint32_t largest_agents, unsigned cores, unsigned requested_workers,
                               unsigned requested_threads_per_run);

struct RunnerOptions {
    ModelFactory create_model = nullptr;
    ConfigVocabulary vocabulary;
    Parallelism parallelism;
    std::filesystem::path journal_directory;
    std::filesystem::path run_files_directory;  ///< empty: no per-run HDF5 files
    std::function<bool()> keep_going;           ///< false stops the sweep (signals)
    std::function<void(const RunRecord&)> on_run_done;  ///< progress; called under a lock
};

struct RunnerReport {
    std::size_t succeeded = 0;
    std::size_t failed = 0;
    bool interrupted = false;
    double run_seconds = 0;  ///< summed wall time inside the runs (assembly + simulation)
};

/// Runs plan.runs[pending[p]] for every p `queue` hands out.
RunnerReport run_pending(const SweepPlan& plan, const std::vector<std::size_t>& pending, WorkQueue& queue,
                         const RunnerOptions& options);

}  // namespace trustsim::sweep
