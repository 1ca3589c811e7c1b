#include "sim/cli/sweep_command.hpp"

#include "models/memory_estimate.hpp"
#include "models/registry.hpp"
#include "sim/memory_limit.hpp"
#include "sim/output_file.hpp"
#include "sweep/mpi_session.hpp"
#include "sweep/sweep_directory.hpp"

#include <tbb/info.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <optional>
#include <sstream>

namespace trustsim::cli {
namespace {

std::atomic<bool> sweep_interrupted{false};
extern "C" void on_sweep_interrupt(int) { sweep_interrupted = true; }

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_interrupted = 130;

sweep::Shard parse_shard(const std::string& text) {
    sweep::Shard shard;
    if (text.empty()) return shard;
    const std::size_t slash = text.find('/');
    const auto parse = [&](std::string_view part, std::uint32_t& out) {
        const auto r = std::from_chars(part.data(), part.data() + part.size(), out);
        return r.ec == std::errc() && r.ptr == part.data() + part.size();
    };
    if (slash == std::string::npos || !parse(std::string_view(text).substr(0, slash), shard.index) ||
        !parse(std::string_view(text).substr(slash + 1), shard.count) || shard.count == 0 || shard.index >= shard.count) {
        throw std::invalid_argument("--shard " + text + ": expected i/n with 0 <= i < n, e.g. --shard 0/4 (Slurm: --shard "
                                    "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT)");
    }
    return shard;
}

std::string describe_factor(const sweep::Factor& f, bool from_table) {
    std::ostringstream text;
    text << f.name;
    if (f.name != f.path) text << " (" << f.path << ")";
    if (f.categorical()) {
        text << ": levels";
        for (const std::string& level : f.levels) text << " " << level;
        return text.str();
    }
    if (from_table) return text.str() + ": the table's values";
    text << " in [" << f.lo << ", " << f.hi << "]";
    if (f.grid_points > 0) text << ", " << f.grid_points << " points";
    static const char* const names[] = {"uniform", "loguniform", "normal", "triangular"};
    if (f.grid_points == 0) text << ", " << names[static_cast<int>(f.distribution)];
    return text.str();
}

sweep::SweepPlan load_plan(const std::string& path) {
    return sweep::expand_plan(sweep::load_sweep(path, config_vocabulary()), config_vocabulary());
}

void print_plan_header(const sweep::SweepPlan& plan) {
    std::fprintf(stderr, "sweep %s: design %s, %llu points x %u replicates = %zu runs, master seed %llu\n",
                 plan.spec.name.c_str(), sweep::design_name(plan.spec.design).c_str(),
                 static_cast<unsigned long long>(plan.points), plan.spec.replicates, plan.runs.size(),
                 static_cast<unsigned long long>(plan.spec.seed));
}

/// The most memory one of the plan's largest runs needs (the estimates of its largest points), and
/// which point that is.
std::pair<MemoryEstimate, std::uint64_t> largest_run_memory(const sweep::SweepPlan& plan) {
    MemoryEstimate largest;
    std::uint64_t point = 0;
    for (const std::uint64_t p : plan.largest_points) {
        const sweep::PlannedRun& run = plan.runs[p * plan.spec.replicates];
        const MemoryEstimate estimate = estimate_memory(sweep::resolve_run_scenario(plan, run, config_vocabulary()));
        if (estimate.total() > largest.total()) {
            largest = estimate;
            point = p;
        }
    }
    return {largest, point};
}

/// The runs a sweep holds in memory at once are its workers' runs: refuses a sweep whose largest
/// run alone does not fit (with the estimate), and lowers a default worker count to what fits. An
/// explicit -w that does not fit is refused, naming the count that would.
unsigned workers_that_fit(const sweep::SweepPlan& plan, const SweepCommandOptions& options, bool speak) {
    std::uint64_t limit = 0;
    std::string limit_source;
    if (!options.max_memory.empty()) {
        limit = parse_byte_size(options.max_memory);
        limit_source = "--max-memory " + options.max_memory;
    } else if (const std::optional<std::uint64_t> available = available_memory_bytes()) {
        limit = *available;
        limit_source = "the " + format_bytes(*available) + " this machine has available";
    } else {
        return options.workers;
    }
    const auto [need, point] = largest_run_memory(plan);
    const std::string which = "design point " + std::to_string(point) + " (" + std::to_string(plan.largest_agents) + " agents)";
    try {
        check_memory(need, limit, limit_source);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(plan.spec.source + ": " + which + ": " + e.what());
    }
    const unsigned cores = static_cast<unsigned>(tbb::info::default_concurrency());
    const unsigned workers = sweep::choose_parallelism(plan.largest_agents, cores, options.workers, options.threads_per_run).workers;
    // Libraries and HDF5 are loaded once per process; each worker adds the rest of a run.
    const std::uint64_t per_run = need.total() - need.fixed_bytes;
    const auto fit = static_cast<unsigned>(std::min<std::uint64_t>(workers, (limit - need.fixed_bytes) / std::max<std::uint64_t>(per_run, 1)));
    if (fit >= workers) return options.workers;
    if (options.workers > 0) {
        throw std::invalid_argument(plan.spec.source + ": " + std::to_string(workers) + " workers at once need about " +
                                    format_bytes(need.fixed_bytes + workers * per_run) + " (" + which + " needs " +
                                    need.describe() + "), more than " + limit_source + "; at most " + std::to_string(fit) +
                                    " fit: give -w " + std::to_string(fit) + " or fewer");
    }
    if (speak) {
        std::fprintf(stderr, "note: %u run(s) at once instead of %u: the largest runs need %s each (%s), and %u fit in %s\n",
                     fit, workers, format_bytes(need.total()).c_str(), which.c_str(), fit, limit_source.c_str());
    }
    return fit;
}

}  // namespace

std::pair<CLI::App*, CLI::App*> add_sweep_commands(CLI::App& app, SweepCommandOptions& options) {
    CLI::App* sweep = app.add_subcommand(
        "sweep", "Run an experiment: a design over scenario parameters, many runs, one tidy table (docs/sweeps.md)");
    sweep->add_option("sweep", options.sweep_path, "Sweep YAML file (see configs/sweeps/)")->required();
    sweep->add_option("-o,--output", options.output_directory,
                      "Sweep directory to write (default: the sweep's name); results in DIR/runs.csv and DIR/results.h5");
    sweep->add_flag("--dry-run", options.dry_run, "Check the sweep file, print the run count and the first rows of the plan");
    sweep->add_flag("--resume", options.resume, "Finish the sweep DIR holds: run only the runs it has not recorded");
    sweep->add_flag("--retry-failed", options.retry_failed, "Rerun only the runs DIR recorded as failed (and any missing)");
    sweep->add_flag("--force", options.force, "Delete the sweep files DIR holds (never other files) and start over");
    sweep->add_option("--shard", options.shard,
                      "Run share i of n of the plan (runs with index % n == i), e.g. one Slurm array task; join shard "
                      "directories with sweep-merge");
    sweep->add_option("-w,--workers", options.workers, "Runs at once (default: one per core for runs under 20,000 agents, else 1)")
        ->check(CLI::Range(1u, 4096u));
    sweep->add_option("-t,--threads-per-run", options.threads_per_run,
                      "Threads inside each run (default: 1 for small runs, every core for large ones)")
        ->check(CLI::Range(1u, 1024u));
    sweep->add_flag("-q,--quiet", options.quiet, "No progress; print only the results path");
    sweep->add_option("--max-memory", options.max_memory,
                      "Memory the sweep's runs at once may use (e.g. 8G; default: the memory this machine has "
                      "available): a largest run that does not fit is refused before anything runs, and the default "
                      "worker count is lowered to what fits");
    sweep->footer(
        "Under mpirun (Open MPI) the runs are spread over the ranks with dynamic load balancing:\n"
        "  mpirun -n 4 trustsim sweep configs/sweeps/lhs-small.yaml -o out/lhs\n"
        "Exit codes: 0 every run completed; 1 some runs failed (recorded in DIR/runs.csv, rerun with\n"
        "--retry-failed) or a write failed; 2 bad sweep file or usage; 130 interrupted (resume with --resume).");

    CLI::App* merge = app.add_subcommand("sweep-merge", "Join the shard directories of one sweep into one sweep directory");
    merge->add_option("sweep", options.sweep_path, "The sweep YAML file the shards ran")->required();
    merge->add_option("shards", options.merge_inputs, "Shard directories (trustsim sweep ... --shard i/n -o DIR)")->required();
    merge->add_option("-o,--output", options.output_directory, "Directory to write the merged results to")->required();
    merge->add_flag("--force", options.force, "Replace the sweep files the output directory holds");
    return {sweep, merge};
}

int run_sweep_command(const SweepCommandOptions& options, int& argc, char**& argv) {
    const sweep::SweepPlan plan = load_plan(options.sweep_path);
    const sweep::Shard shard = parse_shard(options.shard);
    if (options.dry_run) {
        print_plan_header(plan);
        std::fprintf(stderr, "scenario: %s, %zu fixed settings\n", plan.spec.scenario_path.c_str(), plan.spec.fixed.size());
        for (const sweep::Factor& f : plan.factors) std::fprintf(stderr, "  factor %s\n", describe_factor(f, plan.spec.design == sweep::DesignKind::table).c_str());
        const std::string csv = sweep::plan_csv(plan);
        std::istringstream lines(csv);
        std::string line;
        std::printf("%zu runs\n", plan.runs.size());
        for (int row = 0; row < 11 && std::getline(lines, line); ++row) std::printf("%s\n", line.c_str());
        if (plan.runs.size() > 10) std::printf("... (%zu more)\n", plan.runs.size() - 10);
        return exit_ok;
    }

    std::unique_ptr<sweep::ProcessGroup> group = sweep::join_process_group(argc, argv);
    sweep::SweepRunOptions run;
    run.directory = options.output_directory.empty() ? plan.spec.name : options.output_directory;
    run.resume = options.resume;
    run.force = options.force;
    run.retry_failed = options.retry_failed;
    run.shard = shard;
    run.workers = workers_that_fit(plan, options, !options.quiet && group->coordinator());
    run.threads_per_run = options.threads_per_run;
    // Ranks are placed one per core (or per slot the launcher gives): one run at a time with one
    // thread each, unless asked otherwise.
    if (group->size() > 1 && options.workers == 0) run.workers = 1;
    if (group->size() > 1 && options.threads_per_run == 0) run.threads_per_run = 1;
    run.quiet = options.quiet;
    run.create_model = &create_model;
    run.vocabulary = config_vocabulary();
    run.keep_going = [] { return !sweep_interrupted.load(); };
    std::signal(SIGINT, on_sweep_interrupt);
    std::signal(SIGTERM, on_sweep_interrupt);

    const bool speak = !options.quiet && group->coordinator();
    if (speak) print_plan_header(plan);
    const sweep::SweepOutcome outcome = sweep::run_sweep(plan, run, *group);
    if (!group->coordinator()) return outcome.interrupted ? exit_interrupted : exit_ok;
    if (speak) {
        std::fprintf(stderr,
                     "%s: %zu runs in this directory (shard %s), %zu recorded before, ran %zu (%zu failed) with %u workers x "
                     "%u threads%s in %.2f s (%.1f runs/s; summed run time %.2f s)\n",
                     run.directory.string().c_str(), outcome.runs_in_directory, shard.text().c_str(),
                     outcome.recorded_before, outcome.ran, outcome.ran_failed, outcome.parallelism.workers,
                     outcome.parallelism.threads_per_run,
                     group->size() > 1 ? (" on each of " + std::to_string(group->size()) + " MPI ranks").c_str() : "",
                     outcome.seconds, static_cast<double>(outcome.ran) / std::max(outcome.seconds, 1e-9),
                     outcome.run_seconds);
    }
    if (speak && outcome.torn_records > 0) {
        std::fprintf(stderr, "note: %zu journal record(s) cut short by an earlier kill were ignored; those runs ran again\n",
                     outcome.torn_records);
    }
    if (outcome.interrupted) {
        std::fprintf(stderr, "interrupted: finished runs are kept in %s/journal; finish with: trustsim sweep %s -o %s --resume\n",
                     run.directory.string().c_str(), options.sweep_path.c_str(), run.directory.string().c_str());
        return exit_interrupted;
    }
    std::printf("%s\n", (run.directory / "runs.csv").string().c_str());
    if (outcome.failed_total > 0) {
        std::fprintf(stderr,
                     "error: %zu of %zu runs failed (status and error columns of %s); rerun them with --retry-failed\n",
                     outcome.failed_total, outcome.runs_in_directory, (run.directory / "runs.csv").string().c_str());
        return exit_failure;
    }
    return exit_ok;
}

int run_merge_command(const SweepCommandOptions& options) {
    const sweep::SweepPlan plan = load_plan(options.sweep_path);
    std::vector<std::filesystem::path> shards(options.merge_inputs.begin(), options.merge_inputs.end());
    sweep::merge_sweeps(plan, shards, options.output_directory, options.force);
    std::printf("%s\n", (std::filesystem::path(options.output_directory) / "runs.csv").string().c_str());
    return exit_ok;
}

}  // namespace trustsim::cli
