#include "sweep/runner.hpp"

#include "sim/hdf5/recorder.hpp"
#include "sim/simulation.hpp"
#include "sweep/series_collector.hpp"

#include <chrono>
#include <cstdio>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace trustsim::sweep {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Runs one plan row; nullopt when it was interrupted (an interrupted run is not a result).
/// `schema` receives the model's series when the run got as far as starting.
std::optional<RunRecord> execute(const SweepPlan& plan, const PlannedRun& run, const RunnerOptions& options,
                                 SeriesSchema& schema) {
    RunRecord record;
    record.index = run.index;
    record.threads = options.parallelism.threads_per_run;
    const auto start = std::chrono::steady_clock::now();
    bool stopped = false;
    try {
        RunPlan run_plan{resolve_run_scenario(plan, run, options.vocabulary), {}, options.parallelism.threads_per_run};
        if (!options.run_files_directory.empty()) {
            char name[64];
            std::snprintf(name, sizeof name, "run-%06llu.h5", static_cast<unsigned long long>(run.index));
            run_plan.output_path = (options.run_files_directory / name).string();
        }
        Simulation simulation(std::move(run_plan), options.create_model);
        SeriesCollector collector;
        simulation.add_observer(collector);
        std::optional<Hdf5Recorder> recorder;
        if (!simulation.plan().output_path.empty()) {
            recorder.emplace(simulation.plan().output_path, simulation.plan().scenario.output);
            simulation.add_observer(*recorder);
        }
        schema = simulation.model().schema().org_series;
        simulation.run({}, [&] { return !(stopped = options.keep_going && !options.keep_going()); });
        if (stopped) return std::nullopt;
        record.weeks = collector.weeks();
        record.values = collector.series_major();
    } catch (const std::exception& e) {
        record.status = RunStatus::failed;
        record.error = e.what();
        record.values.clear();
        record.weeks = 0;
    }
    record.wall_seconds = seconds_since(start);
    return record;
}

}  // namespace

Parallelism choose_parallelism(std::uint32_t largest_agents, unsigned cores, unsigned requested_workers,
                               unsigned requested_threads_per_run) {
    cores = std::max(1u, cores);
    Parallelism p;
    const bool large = largest_agents >= parallel_run_threshold_agents;
    if (requested_workers > 0 && requested_threads_per_run > 0) {
        p.workers = requested_workers;
        p.threads_per_run = requested_threads_per_run;
    } else if (requested_workers > 0) {
        p.workers = requested_workers;
        p.threads_per_run = std::max(1u, cores / requested_workers);
    } else if (requested_threads_per_run > 0) {
        p.threads_per_run = requested_threads_per_run;
        p.workers = std::max(1u, cores / requested_threads_per_run);
    } else {
        p.workers = large ? 1 : cores;
        p.threads_per_run = large ? cores : 1;
    }
    return p;
}

RunnerReport run_pending(const SweepPlan& plan, const std::vector<std::size_t>& pending, WorkQueue& queue,
                         const RunnerOptions& options) {
    RunnerReport report;
    std::mutex mutex;
    std::unique_ptr<JournalWriter> journal;  // created with the first result, so an idle process leaves none
    std::exception_ptr fatal;
    bool halt = false;

    auto worker = [&] {
        std::size_t position = 0;
        while (true) {
            {
                std::lock_guard<std::mutex> lock(mutex);
                if (halt) return;
            }
            if (options.keep_going && !options.keep_going()) return;
            if (!queue.claim(position)) return;
            const PlannedRun& run = plan.runs[pending[position]];
            SeriesSchema schema;
            std::optional<RunRecord> record = execute(plan, run, options, schema);
            std::lock_guard<std::mutex> lock(mutex);
            if (!record) {
                report.interrupted = true;
                return;
            }
            try {
                if (!journal) journal = std::make_unique<JournalWriter>(options.journal_directory);
                journal->append(*record, schema);
            } catch (...) {
                fatal = std::current_exception();
                halt = true;
                return;
            }
            report.run_seconds += record->wall_seconds;
            (record->status == RunStatus::ok ? report.succeeded : report.failed) += 1;
            queue.completed(record->status == RunStatus::ok, record->wall_seconds);
            if (options.on_run_done) options.on_run_done(*record);
        }
    };

    const unsigned workers = std::max(1u, options.parallelism.workers);
    std::vector<std::thread> threads;
    for (unsigned w = 1; w < workers; ++w) threads.emplace_back(worker);
    worker();
    for (std::thread& t : threads) t.join();
    if (journal) journal->close();
    if (fatal) std::rethrow_exception(fatal);
    if (options.keep_going && !options.keep_going()) report.interrupted = true;
    return report;
}

}  // namespace trustsim::sweep
