#include "sweep/sweep_directory.hpp"

#include "sim/output_file.hpp"
#include "sim/progress.hpp"

#include <tbb/info.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace trustsim::sweep {
namespace {

namespace fs = std::filesystem;

/// The files a sweep owns in its directory; --force removes these and nothing else.
const char* const owned_files[] = {"plan.csv", "sweep.yaml", "scenario.yaml", "shard", "results.h5", "runs.csv"};
const char* const owned_folders[] = {"journal", "runs"};

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// True when `dir` holds something a sweep did not write (a sweep killed while setting up may
/// have left some of its own files before plan.csv; those do not count).
bool holds_foreign_files(const fs::path& dir) {
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        bool owned = false;
        for (const char* own : owned_files) owned |= name == own || name == partial_path_for(own).string();
        for (const char* own : owned_folders) owned |= name == own;
        if (!owned) return true;
    }
    return false;
}

void remove_sweep_files(const fs::path& dir) {
    for (const char* name : owned_files) {
        fs::remove(dir / name);
        fs::remove(partial_path_for(dir / name));
    }
    for (const char* name : owned_folders) fs::remove_all(dir / name);
}

std::size_t first_difference_line(const std::string& a, const std::string& b) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        if (a[i] != b[i]) return line;
        if (a[i] == '\n') ++line;
    }
    return line;
}

std::size_t count_recorded(const SweepPlan& plan, const std::vector<std::size_t>& positions, const JournalContents& journals,
                           std::size_t* failed = nullptr) {
    std::size_t recorded = 0;
    for (const std::size_t p : positions) {
        const auto it = journals.runs.find(plan.runs[p].index);
        if (it == journals.runs.end()) continue;
        ++recorded;
        if (failed && it->second.status == RunStatus::failed) ++*failed;
    }
    return recorded;
}

/// Makes `dir` ready for `plan`, or explains why it is not. Coordinator only.
void prepare_directory(const SweepPlan& plan, const SweepRunOptions& options, const std::string& csv) {
    const fs::path& dir = options.directory;
    if (fs::exists(dir) && !fs::is_directory(dir))
        throw std::invalid_argument(dir.string() + " exists and is not a directory; a sweep writes a directory");
    const std::string existing = read_plan_csv(dir);
    const std::string shard_text = options.shard.text();
    if (!existing.empty()) {
        const std::string existing_shard = read_file(dir / "shard");
        // The plan alone does not show a changed `set:` value or scenario file: the texts are
        // part of the identity too.
        const bool same_inputs = read_file(dir / "sweep.yaml") == plan.spec.text &&
                                 read_file(dir / "scenario.yaml") == plan.spec.scenario_text;
        const bool same = existing == csv && same_inputs && existing_shard == shard_text + "\n";
        if (!same && !options.force) {
            if (existing == csv && !same_inputs) {
                throw std::invalid_argument(
                    dir.string() + " holds a sweep started from a different version of the sweep file or of its scenario "
                                   "(DIR/sweep.yaml, DIR/scenario.yaml); write to another directory, or add --force to "
                                   "delete that sweep's files and start this one");
            }
            if (existing != csv) {
                throw std::invalid_argument(
                    dir.string() + " holds a different sweep (its plan.csv differs from this sweep's plan at line " +
                    std::to_string(first_difference_line(existing, csv)) +
                    "); write to another directory, or add --force to delete that sweep's files and start this one");
            }
            throw std::invalid_argument(dir.string() + " holds shard " + existing_shard.substr(0, existing_shard.size() - 1) +
                                        " of this sweep, not " + shard_text + "; use the matching --shard or another directory");
        }
        if (same && !options.force && !options.resume && !options.retry_failed) {
            const JournalContents journals = read_journals(dir / "journal");
            const auto positions = shard_positions(plan, options.shard);
            std::size_t failed = 0;
            const std::size_t recorded = count_recorded(plan, positions, journals, &failed);
            throw std::invalid_argument(
                dir.string() + " already holds this sweep (" + std::to_string(recorded) + " of " +
                std::to_string(positions.size()) + " runs recorded, " + std::to_string(failed) +
                " failed); add --resume to finish it, --retry-failed to rerun its failed runs, or --force to start over");
        }
        if (options.force) remove_sweep_files(dir);
        if (same && !options.force) return;
    } else if (fs::is_directory(dir) && holds_foreign_files(dir) && !options.force) {
        throw std::invalid_argument(dir.string() + " exists and holds files that are not a trustsim sweep; use a new or empty "
                                                   "directory (--force writes into it anyway, deleting nothing of its own)");
    }
    fs::create_directories(dir);
    write_file_atomically(dir / "sweep.yaml", plan.spec.text);
    write_file_atomically(dir / "scenario.yaml", plan.spec.scenario_text);
    write_file_atomically(dir / "shard", shard_text + "\n");
    write_file_atomically(dir / "plan.csv", csv);  // last: its presence means the directory is set up
}

class SweepProgress {
  public:
    SweepProgress(const std::string& label, std::size_t total, bool enabled)
        : bar_(label, total, enabled && ProgressBar::stderr_is_terminal(), "runs"),
          enabled_(enabled), log_lines_(enabled && !ProgressBar::stderr_is_terminal()), total_(total), start_(std::chrono::steady_clock::now()),
          last_line_(start_) {}

    /// A run of this process finished (under the runner's lock).
    void done(const RunRecord& record) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (record.status == RunStatus::failed && enabled_) {
            bar_.finish();
            std::fprintf(stderr, "run %llu failed: %s\n", static_cast<unsigned long long>(record.index), record.error.c_str());
        }
        advance(1);
    }
    /// Runs other MPI ranks finished (from the dispatcher thread).
    void remote(std::size_t ok, std::size_t failed, double run_seconds) {
        std::lock_guard<std::mutex> lock(mutex_);
        remote_ran_ += ok + failed;
        remote_failed_ += failed;
        remote_seconds_ += run_seconds;
        if (failed > 0 && enabled_) {
            bar_.finish();
            std::fprintf(stderr, "%zu run(s) failed on another rank (see runs.csv)\n", failed);
        }
        advance(ok + failed);
    }
    void finish() { bar_.finish(); }
    std::size_t remote_ran() const { return remote_ran_; }
    std::size_t remote_failed() const { return remote_failed_; }
    double remote_seconds() const { return remote_seconds_; }

  private:
    void advance(std::size_t runs) {
        done_ += runs;
        bar_.update(done_);
        const auto now = std::chrono::steady_clock::now();
        // Off a terminal (batch logs) a plain line every half minute instead of a redrawn bar.
        if (log_lines_ && (now - last_line_ > std::chrono::seconds(30) || done_ == total_)) {
            last_line_ = now;
            const double elapsed = std::chrono::duration<double>(now - start_).count();
            std::fprintf(stderr, "%s\n", ProgressBar::render("sweep", done_, total_, elapsed, 20, "runs").c_str());
        }
    }

    std::mutex mutex_;
    ProgressBar bar_;
    bool enabled_;
    bool log_lines_;
    std::size_t total_, done_ = 0, remote_ran_ = 0, remote_failed_ = 0;
    double remote_seconds_ = 0;
    std::chrono::steady_clock::time_point start_, last_line_;
};

}  // namespace

std::string read_plan_csv(const fs::path& directory) { return read_file(directory / "plan.csv"); }

SweepOutcome run_sweep(const SweepPlan& plan, const SweepRunOptions& options, ProcessGroup& group) {
    const auto start = std::chrono::steady_clock::now();
    SweepOutcome outcome;
    const std::string csv = plan_csv(plan);
    // A usage error found by the coordinator must stop every rank, not leave them at a barrier.
    std::string problem;
    if (group.coordinator()) {
        try {
            prepare_directory(plan, options, csv);
        } catch (const std::invalid_argument& e) {
            problem = e.what();
        }
    }
    if (!group.all(problem.empty())) {
        throw std::invalid_argument(problem.empty() ? "the sweep directory was refused (see rank 0's message)" : problem);
    }
    const fs::path& dir = options.directory;
    const auto positions = shard_positions(plan, options.shard);
    outcome.runs_in_directory = positions.size();

    const JournalContents before = read_journals(dir / "journal");
    std::vector<std::size_t> pending;
    for (const std::size_t p : positions) {
        const auto it = before.runs.find(plan.runs[p].index);
        if (it == before.runs.end() || (options.retry_failed && it->second.status == RunStatus::failed)) pending.push_back(p);
    }
    outcome.recorded_before = count_recorded(plan, positions, before);
    outcome.torn_records = before.torn_records;
    // Nobody may start a journal before every rank has decided what is pending.
    group.barrier();

    const unsigned cores = options.cores > 0 ? options.cores : static_cast<unsigned>(tbb::info::default_concurrency());
    outcome.parallelism = choose_parallelism(plan.largest_agents, cores,
                                             options.workers, options.threads_per_run);
    RunnerOptions runner;
    runner.create_model = options.create_model;
    runner.vocabulary = options.vocabulary;
    runner.parallelism = outcome.parallelism;
    runner.journal_directory = dir / "journal";
    if (plan.spec.output.run_files) {
        runner.run_files_directory = dir / "runs";
        fs::create_directories(runner.run_files_directory);
    }
    runner.keep_going = options.keep_going;
    SweepProgress progress(plan.spec.name, pending.size(), !options.quiet && group.coordinator());
    runner.on_run_done = [&](const RunRecord& record) { progress.done(record); };
    std::unique_ptr<WorkQueue> queue =
        group.make_queue(pending.size(), [&](std::size_t ok, std::size_t failed, double seconds) { progress.remote(ok, failed, seconds); });
    const RunnerReport report = run_pending(plan, pending, *queue, runner);
    // The queue's teardown tells the other ranks' dispatcher this rank is done; it must happen
    // before the next collective call.
    queue.reset();
    progress.finish();
    outcome.ran = report.succeeded + report.failed + progress.remote_ran();
    outcome.ran_failed = report.failed + progress.remote_failed();
    outcome.run_seconds = report.run_seconds + progress.remote_seconds();
    outcome.interrupted = !group.all(!report.interrupted);

    if (!outcome.interrupted && group.coordinator()) {
        const JournalContents after = read_journals(dir / "journal");
        std::size_t failed = 0;
        if (count_recorded(plan, positions, after, &failed) == positions.size()) {
            write_results(dir, plan, options.shard, positions, after);
            outcome.complete = true;
            outcome.failed_total = failed;
        }
    }
    group.barrier();
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return outcome;
}

void merge_sweeps(const SweepPlan& plan, const std::vector<fs::path>& shards, const fs::path& output, bool force) {
    const std::string csv = plan_csv(plan);
    JournalContents merged;
    std::vector<bool> covered(plan.runs.size(), false);
    for (const fs::path& shard : shards) {
        const std::string existing = read_plan_csv(shard);
        if (existing.empty()) throw std::invalid_argument(shard.string() + " is not a sweep directory (no plan.csv)");
        if (existing != csv) {
            throw std::invalid_argument(shard.string() + " holds a different sweep (its plan.csv differs at line " +
                                        std::to_string(first_difference_line(existing, csv)) + ")");
        }
        JournalContents contents = read_journals(shard / "journal");
        if (!contents.schema.empty()) merged.schema = contents.schema;
        for (auto& [index, record] : contents.runs) {
            const auto it = merged.runs.find(index);
            if (it == merged.runs.end() || (it->second.status != RunStatus::ok && record.status == RunStatus::ok)) {
                merged.runs[index] = std::move(record);
            }
        }
    }
    std::vector<std::size_t> positions;
    std::size_t missing = 0;
    for (std::size_t p = 0; p < plan.runs.size(); ++p) {
        positions.push_back(p);
        if (!merged.runs.count(plan.runs[p].index)) ++missing;
    }
    if (missing > 0) {
        throw std::invalid_argument(std::to_string(missing) + " of " + std::to_string(plan.runs.size()) +
                                    " runs are in none of the shard directories given; finish or add the missing shards "
                                    "(trustsim sweep ... --shard i/n --resume)");
    }
    SweepRunOptions prepare;
    prepare.directory = output;
    prepare.force = force;
    if (!read_plan_csv(output).empty() && !force) {
        throw std::invalid_argument(output.string() + " already holds a sweep; choose another directory or add --force");
    }
    prepare_directory(plan, prepare, csv);
    // The merged records go into a journal of the merged directory too, so that it is a sweep
    // directory like any other: --resume finds nothing to do, --retry-failed reruns only the
    // failed runs, and the results can be written again from it.
    JournalWriter journal(output / "journal");
    for (const std::size_t p : positions) journal.append(merged.runs.at(plan.runs[p].index), merged.schema);
    journal.close();
    write_results(output, plan, Shard{}, positions, merged);
}

}  // namespace trustsim::sweep
