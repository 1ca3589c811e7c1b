// The trustsim command line: run a scenario, validate one, inspect a run file, sweep, report, explore.
// Exit codes: 0 success, 1 runtime failure (I/O, HDF5), 2 bad usage or configuration,
// 130 interrupted (the partial output is left as NAME.partial).
#include "models/memory_estimate.hpp"
#include "models/registry.hpp"
#include "sim/cli/explore_command.hpp"
#include "sim/cli/report_command.hpp"
#include "sim/cli/sweep_command.hpp"
#include "sim/build_info.hpp"
#include "sim/config.hpp"
#include "sim/hdf5/checkpoint.hpp"
#include "sim/hdf5/recorder.hpp"
#include "sim/hdf5/run_reader.hpp"
#include "sim/memory_limit.hpp"
#include "sim/output_file.hpp"
#include "sim/progress.hpp"
#include "sim/simulation.hpp"

#include <CLI/CLI.hpp>
#include <tbb/info.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace {

using namespace trustsim;

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_usage = 2;
constexpr int exit_interrupted = 130;

std::atomic<bool> interrupted{false};
extern "C" void on_interrupt(int) { interrupted = true; }

const char* exit_code_help =
    "Exit codes: 0 success; 1 runtime failure (I/O, HDF5); 2 bad usage or configuration;\n"
    "130 interrupted (output left as FILE.partial).";

struct RunOptions {
    std::string config_path;
    std::string output_path;
    unsigned threads = 0;
    std::vector<std::string> sets;
    std::string seed;
    std::string replicate;
    bool quiet = false;
    bool profile = false;
    std::string from_path;             ///< continue or branch from this checkpoint
    std::uint32_t checkpoint_every = 0;  ///< write a checkpoint after every K-th week (0 = none)
    std::string max_memory;              ///< --max-memory; empty: the machine's available memory
};

/// The scenario's memory estimate; throws (with the estimate) when it exceeds --max-memory or,
/// without it, the memory this machine has available.
MemoryEstimate refuse_what_does_not_fit(const ScenarioConfig& config, const std::string& max_memory) {
    const MemoryEstimate need = estimate_memory(config);
    if (!max_memory.empty()) {
        check_memory(need, parse_byte_size(max_memory), "--max-memory " + max_memory);
    } else if (const std::optional<std::uint64_t> available = available_memory_bytes()) {
        check_memory(need, *available, "the " + format_bytes(*available) + " this machine has available");
    }
    return need;
}

std::vector<ConfigOverride> collect_overrides(const RunOptions& options) {
    std::vector<ConfigOverride> overrides;
    for (const std::string& text : options.sets) overrides.push_back(parse_override(text));
    if (!options.seed.empty()) overrides.push_back({"seed", options.seed, {}});
    if (!options.replicate.empty()) overrides.push_back({"replicate", options.replicate, {}});
    return overrides;
}


/// A branch may change what happens after the checkpoint's week, never what was already built
/// from the scenario: the organisation, the network and the RNG key.
void check_branch(const ScenarioConfig& original, const ScenarioConfig& branch, const CheckpointFile& checkpoint) {
    auto refuse = [&](const std::string& what, const std::string& was, const std::string& now) {
        throw std::invalid_argument("cannot continue " + checkpoint.path().string() + " (week " +
                                    std::to_string(checkpoint.steps_done()) + ") with " + what + " " + now +
                                    ": it was " + was + ", and the organisation, its network and the random "
                                    "streams are fixed when a run starts; only what happens after week " +
                                    std::to_string(checkpoint.steps_done()) + " can change");
    };
    const OrganisationConfig& a = original.organisation;
    const OrganisationConfig& b = branch.organisation;
    if (a.agents != b.agents) refuse("organisation.agents", std::to_string(a.agents), std::to_string(b.agents));
    if (a.span_of_control != b.span_of_control)
        refuse("organisation.span_of_control", std::to_string(a.span_of_control), std::to_string(b.span_of_control));
    if (a.k_lat != b.k_lat) refuse("organisation.k_lat", std::to_string(a.k_lat), std::to_string(b.k_lat));
    if (a.p_local != b.p_local) refuse("organisation.p_local", format_exact(a.p_local), format_exact(b.p_local));
    // Any organisation setting not named above (one added later) is refused too, if less precisely.
    if (!(a == b)) {
        throw std::invalid_argument("cannot continue " + checkpoint.path().string() +
                                    " with another organisation section: the organisation is fixed when a run starts");
    }
    if (original.seed != branch.seed) refuse("seed", std::to_string(original.seed), std::to_string(branch.seed));
    if (original.replicate != branch.replicate)
        refuse("replicate", std::to_string(original.replicate), std::to_string(branch.replicate));
    if (original.model != branch.model) refuse("model", original.model, branch.model);
    if (branch.steps <= checkpoint.steps_done()) {
        throw std::invalid_argument(checkpoint.path().string() + " is of week " + std::to_string(checkpoint.steps_done()) +
                                    " and the scenario ends at week " + std::to_string(branch.steps) +
                                    ": nothing to continue; give more weeks, e.g. --set steps=" +
                                    std::to_string(checkpoint.steps_done() + 52));
    }
}

int run_scenario(const RunOptions& options) {
    std::unique_ptr<CheckpointFile> checkpoint;
    ScenarioConfig original;  // the checkpoint's scenario
    ScenarioConfig scenario;
    if (!options.from_path.empty()) {
        checkpoint = std::make_unique<CheckpointFile>(options.from_path);
        const std::string source = options.from_path + " (its scenario)";
        original = parse_scenario(checkpoint->config_yaml(), source, {}, config_vocabulary());
        scenario = options.config_path.empty()
                       ? parse_scenario(checkpoint->config_yaml(), source, collect_overrides(options), config_vocabulary())
                       : load_scenario(options.config_path, collect_overrides(options), config_vocabulary());
        check_branch(original, scenario, *checkpoint);
    } else if (options.config_path.empty()) {
        throw std::invalid_argument("give a scenario file (trustsim run SCENARIO.yaml), or a checkpoint to continue "
                                    "(trustsim run --from RUN.weekN.checkpoint.h5)");
    } else {
        scenario = load_scenario(options.config_path, collect_overrides(options), config_vocabulary());
    }
    RunPlan plan{std::move(scenario), options.output_path, options.threads};
    if (plan.output_path.empty()) {
        plan.output_path = plan.scenario.output.file.empty() ? plan.scenario.name + ".h5" : plan.scenario.output.file;
        // A continuation must not replace the run it continues unless asked to with -o.
        if (checkpoint) {
            plan.output_path = plan.scenario.name + ".from-week" + std::to_string(checkpoint->steps_done()) + ".h5";
        }
    }
    const std::string output = plan.output_path;
    // Before the world is built: a bad -o must fail in milliseconds, not after the run.
    std::vector<std::filesystem::path> inputs;
    if (!options.config_path.empty()) inputs.emplace_back(options.config_path);
    if (checkpoint) inputs.push_back(checkpoint->path());
    check_output_path(output, inputs);
    refuse_what_does_not_fit(plan.scenario, options.max_memory);

    const auto wall_start = std::chrono::steady_clock::now();
    Simulation simulation(std::move(plan), &create_model);
    if (checkpoint) simulation.restore(*checkpoint, checkpoint->steps_done(), original);
    std::unique_ptr<CheckpointWriter> checkpoints;
    if (options.checkpoint_every > 0) {
        checkpoints = std::make_unique<CheckpointWriter>(output, options.checkpoint_every);
        simulation.add_observer(*checkpoints);
    }
    const ScenarioConfig& config = simulation.plan().scenario;
    const unsigned threads = simulation.threads();
    const double setup_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

    Hdf5Recorder recorder(output, config.output);
    simulation.add_observer(recorder);
    if (!options.quiet) {
        std::fprintf(stderr, "trustsim %s: %s, %u agents, %zu edges, %u teams, %s, %u steps, %u threads\n",
                     build_info::version, config.name.c_str(), simulation.world().organisation.agents(),
                     simulation.world().network.edges(), simulation.world().organisation.teams(),
                     describe_model_settings(config).c_str(), config.steps, threads);
        if (checkpoint) {
            std::fprintf(stderr, "continuing from week %u of %s\n", checkpoint->steps_done(), checkpoint->path().c_str());
        }
    }

    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    ProgressBar progress(config.name, config.steps, !options.quiet && ProgressBar::stderr_is_terminal());
    progress.update(simulation.steps_done());
    const auto run_start = std::chrono::steady_clock::now();
    simulation.run([&](std::uint32_t done, std::uint32_t) { progress.update(done); },
                   [] { return !interrupted.load(); });
    progress.finish();
    const double run_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start).count();

    if (interrupted) {
        std::fprintf(stderr, "interrupted after %u of %u steps; partial output left in %s\n", simulation.steps_done(),
                     config.steps, recorder.partial_path().c_str());
        return exit_interrupted;
    }
    const double compute_seconds = run_seconds - recorder.seconds_writing();
    if (!options.quiet) {
        // HDF5 is the time the steps waited for output (gathering values, a writer too far behind,
        // closing the file); the writer thread's own time overlaps the steps and is shown apart.
        std::fprintf(stderr,
                     "done: %u steps in %.2f s (setup %.2f s, compute %.2f s, %.1f steps/s, HDF5 %.2f s = %.0f%%; "
                     "writer thread %.2f s alongside)\n",
                     simulation.steps_done(), run_seconds, setup_seconds, compute_seconds,
                     simulation.steps_done() / std::max(compute_seconds, 1e-9), recorder.seconds_writing(),
                     100.0 * recorder.seconds_writing() / std::max(run_seconds, 1e-9), recorder.seconds_writer_busy());
    }
    if (options.profile) {
        const StepProfile& p = simulation.profile();
        std::fprintf(stderr, "%-20s %10s %12s\n", "phase", "total s", "ms/step");
        for (std::size_t k = 0; k < p.phase_names.size(); ++k) {
            std::fprintf(stderr, "%-20s %10.3f %12.3f\n", p.phase_names[k].c_str(), p.phase_seconds[k],
                         1000.0 * p.phase_seconds[k] / std::max<std::uint32_t>(p.steps, 1));
        }
        std::fprintf(stderr, "%-20s %10.3f %12.3f\n", "observers (HDF5)", p.observer_seconds,
                     1000.0 * p.observer_seconds / std::max<std::uint32_t>(p.steps, 1));
    }
    if (checkpoints && !options.quiet) {
        std::fprintf(stderr, "checkpoints: %zu written, the last %s\n", checkpoints->written().size(),
                     checkpoints->written().empty() ? "(none)" : checkpoints->written().back().c_str());
    }
    std::printf("%s\n", recorder.path().c_str());
    return exit_ok;
}

int validate_scenario(const std::string& path, const std::vector<std::string>& sets, const std::string& max_memory) {
    std::vector<ConfigOverride> overrides;
    for (const std::string& text : sets) overrides.push_back(parse_override(text));
    const ScenarioConfig config = load_scenario(path, overrides, config_vocabulary());
    const OrganisationConfig& org = config.organisation;
    const std::string structure = org.explicit_members()
                                      ? "explicit, " + std::to_string(org.ties.size()) + " lateral ties"
                                      : "span " + std::to_string(org.span_of_control) + ", k_lat " + std::to_string(org.k_lat);
    // A scenario too big for the machine is not valid here: refused before "valid" is printed.
    const MemoryEstimate need = refuse_what_does_not_fit(config, max_memory);
    std::printf("%s: valid: scenario '%s', model %s, %u agents (%s), %u steps, seed %llu, %s\n", path.c_str(),
                config.name.c_str(), config.model.c_str(), org.agents, structure.c_str(), config.steps,
                static_cast<unsigned long long>(config.seed), describe_model_settings(config).c_str());
    std::printf("%s: memory: %s\n", path.c_str(), need.describe().c_str());
    return exit_ok;
}

int show_info(const std::string& path, bool hashes, bool config_only) {
    if (!std::filesystem::exists(path)) {
        if (std::filesystem::exists(path + ".partial")) {
            std::fprintf(stderr, "error: %s does not exist, but %s.partial does: that run did not finish\n", path.c_str(), path.c_str());
        } else {
            std::fprintf(stderr, "error: %s does not exist\n", path.c_str());
        }
        return exit_usage;
    }
    if (config_only) {
        std::printf("%s", run_config_yaml(path).c_str());
        return exit_ok;
    }
    const RunFileReport report = report_run_file(path, hashes);
    if (!report.note.empty()) std::fprintf(stderr, "note: %s\n", report.note.c_str());
    std::printf("%s", report.text.c_str());
    return exit_ok;
}

/// CLI11 answers an unknown first word ("trustsim frobnicate") with "A subcommand is required",
/// as if none had been given. Returns the message naming it and the commands there are, or "".
std::string unknown_command(const CLI::App& app, int argc, char** argv) {
    if (argc < 2 || argv[1][0] == '-') return "";
    std::string commands;
    for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) {
        if (command->get_name() == argv[1]) return "";
        commands += (commands.empty() ? "" : ", ") + command->get_name();
    }
    return std::string("unknown command '") + argv[1] + "'; commands: " + commands + " (trustsim --help explains them)";
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "trustsim: agent-based simulation of trust inside organisations under different leadership styles.\n"
        "Typical use:\n"
        "  trustsim run configs/demo.yaml -o demo.h5                 run a scenario, write HDF5\n"
        "  trustsim run configs/humble.yaml --set organisation.agents=100000 --set steps=52\n"
        "  trustsim validate configs/mixed.yaml                      check a scenario without running it\n"
        "  trustsim info demo.h5                                     what a run file holds\n"
        "  trustsim run configs/demo.yaml --checkpoint-every 52 -o demo.h5  save the state every year\n"
        "  trustsim run --from demo.week52.checkpoint.h5 --set leadership.style=infallible   branch from week 52\n"
        "  trustsim sweep configs/sweeps/lhs-small.yaml -o out/lhs  an experiment of many runs, one table\n"
        "  trustsim report infallible.h5 humble.h5 -o report.html   findings with 95 % CIs and figures, one HTML file\n"
        "  trustsim explore                                          sliders and charts in a browser, on 127.0.0.1\n"
        "Scenario keys: docs/config-reference.md. Output layout: docs/hdf5-layout.md."};
    app.footer(exit_code_help);
    app.set_version_flag("--version", std::string("trustsim ") + build_info::version + " (" + build_info::git_commit + ")");
    app.require_subcommand(1);

    RunOptions run_options;
    CLI::App* run = app.add_subcommand("run", "Run a scenario and write its time series to HDF5");
    run->add_option("config", run_options.config_path,
                    "Scenario YAML file (see configs/); with --from, optional: the scenario to branch into");
    run->add_option("-o,--output", run_options.output_path,
                    "HDF5 file to write (default: output.file, else <scenario name>.h5); written as FILE.partial "
                    "and renamed when complete");
    run->add_option("-t,--threads", run_options.threads,
                    "Worker threads (default: all cores); results are bit-identical for any count")
        ->check(CLI::Range(1u, 1024u));
    run->add_option("--seed", run_options.seed, "Master seed, overrides `seed` in the file");
    run->add_option("--replicate", run_options.replicate, "Replicate index, part of the RNG key");
    run->add_option("--set", run_options.sets,
                    "Override a scenario key, e.g. --set organisation.agents=1000000 --set leadership.style=infallible "
                    "(repeatable; values are checked like the file)");
    run->add_flag("-q,--quiet", run_options.quiet, "No progress bar or summary; print only the output path");
    run->add_flag("--profile", run_options.profile, "Print time per phase after the run");
    run->add_option("--checkpoint-every", run_options.checkpoint_every,
                    "After every K-th week (and the last), save the full state to OUTPUT_STEM.weekW.checkpoint.h5 "
                    "next to the output, to continue or branch from later with --from")
        ->check(CLI::Range(1u, 10'000'000u));
    run->add_option("--from", run_options.from_path,
                    "Continue from a checkpoint: the run goes on after its week, bit-identical to the uninterrupted "
                    "run. Change what happens next with --set (e.g. --set leadership.style=humble, --set steps=156, "
                    "--set 'events=[{week: 60, type: scandal, target: all}]') or a scenario file of the same "
                    "organisation, seed and replicate. Default output: NAME.from-weekW.h5");
    run->add_option("--max-memory", run_options.max_memory,
                    "Refuse a scenario whose memory estimate exceeds this (e.g. 8G, 512M; default: the memory this "
                    "machine has available); `validate` prints the estimate");
    run->footer(exit_code_help);

    std::string validate_path;
    std::vector<std::string> validate_sets;
    CLI::App* validate = app.add_subcommand("validate", "Check a scenario file (types, ranges, names) without running it");
    validate->add_option("config", validate_path, "Scenario YAML file")->required();
    validate->add_option("--set", validate_sets, "Overrides to check together with the file");
    std::string validate_max_memory;
    validate->add_option("--max-memory", validate_max_memory,
                         "Refuse a scenario whose memory estimate exceeds this (e.g. 8G; default: the memory this "
                         "machine has available)");
    validate->footer(exit_code_help);

    std::string info_path;
    bool info_hashes = false, info_config = false;
    CLI::App* info = app.add_subcommand("info", "Summarise a run file: provenance, datasets, shapes, units");
    info->add_option("file", info_path, "HDF5 run file")->required();
    info->add_flag("--hashes", info_hashes, "Also print a 64-bit hash of every dataset (compare runs bit for bit)");
    info->add_flag("--config", info_config, "Print only the resolved scenario YAML stored in the file");
    info->footer(exit_code_help);

    cli::SweepCommandOptions sweep_options;
    const auto [sweep, sweep_merge] = cli::add_sweep_commands(app, sweep_options);

    cli::ReportCommandOptions report_options;
    CLI::App* report = cli::add_report_command(app, report_options);

    cli::ExploreCommandOptions explore_options;
    CLI::App* explore = cli::add_explore_command(app, explore_options);

    if (const std::string unknown = unknown_command(app, argc, argv); !unknown.empty()) {
        std::fprintf(stderr, "error: %s\n", unknown.c_str());
        return exit_usage;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? exit_ok : exit_usage;
    }

    try {
        if (*run) return run_scenario(run_options);
        if (*validate) return validate_scenario(validate_path, validate_sets, validate_max_memory);
        if (*info) return show_info(info_path, info_hashes, info_config);
        if (*sweep) return cli::run_sweep_command(sweep_options, argc, argv);
        if (*sweep_merge) return cli::run_merge_command(sweep_options);
        if (*report) return cli::run_report_command(report_options);
        if (*explore) return cli::run_explore_command(explore_options);
    } catch (const ConfigError& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return exit_usage;
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return exit_usage;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return exit_failure;
    }
    return exit_usage;
}
