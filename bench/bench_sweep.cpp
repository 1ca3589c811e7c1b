// The pure simulation time of a sweep's runs: the same plan `trustsim sweep` would run, with the
// same workers x threads, but every scenario resolved before the clock starts and no observer,
// journal or results file. scripts/bench-sweep divides the sweep's wall time by this one to get
// the sweep layer's overhead; it also uses `--set` to locate the workers/threads switch.
// Timings are reported, never asserted.
#include "bench/measure.hpp"
#include "models/registry.hpp"
#include "sim/simulation.hpp"
#include "sweep/plan.hpp"
#include "sweep/sweep_spec.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

using namespace trustsim;

using bench::peak_rss_mib;
using bench::seconds_since;

int main(int argc, char** argv) {
    CLI::App app{"trustsim sweep benchmark: a sweep's runs as pure simulation (no recording, no journal)"};
    std::string sweep_path;
    unsigned workers = 2, threads = 1;
    std::size_t max_runs = 0;
    std::vector<std::string> sets;
    app.add_option("sweep", sweep_path, "sweep file")->required()->check(CLI::ExistingFile);
    app.add_option("-w,--workers", workers, "runs at once")->check(CLI::Range(1u, 1024u));
    app.add_option("-t,--threads-per-run", threads, "threads inside each run")->check(CLI::Range(1u, 1024u));
    app.add_option("--runs", max_runs, "only the first N runs of the plan (0 = all)");
    app.add_option("--set", sets, "PATH=VALUE added to the sweep's set: (e.g. organisation.agents=50000)");
    CLI11_PARSE(app, argc, argv);

    try {
        const auto expand_start = std::chrono::steady_clock::now();
        sweep::SweepSpec spec = sweep::load_sweep(sweep_path, config_vocabulary());
        for (const std::string& text : sets) spec.fixed.push_back(parse_override(text));
        const sweep::SweepPlan plan = sweep::expand_plan(std::move(spec), config_vocabulary());
        const std::size_t runs = max_runs > 0 ? std::min(max_runs, plan.runs.size()) : plan.runs.size();
        std::vector<ScenarioConfig> scenarios;
        scenarios.reserve(runs);
        for (std::size_t r = 0; r < runs; ++r)
            scenarios.push_back(sweep::resolve_run_scenario(plan, plan.runs[r], config_vocabulary()));
        const double expand = seconds_since(expand_start);

        std::atomic<std::size_t> next{0};
        std::vector<double> run_seconds(runs, 0.0);
        auto worker = [&] {
            for (std::size_t r; (r = next.fetch_add(1)) < runs;) {
                const auto start = std::chrono::steady_clock::now();
                Simulation simulation(RunPlan{scenarios[r], {}, threads}, &create_model);
                simulation.run();
                run_seconds[r] = seconds_since(start);
            }
        };
        const auto start = std::chrono::steady_clock::now();
        std::vector<std::thread> pool;
        for (unsigned w = 1; w < workers; ++w) pool.emplace_back(worker);
        worker();
        for (std::thread& t : pool) t.join();
        const double wall = seconds_since(start);
        double summed = 0;
        for (double s : run_seconds) summed += s;  // fixed order

        std::printf("runs=%zu agents=%u weeks=%u workers=%u threads_per_run=%u expand_resolve_s=%.3f "
                    "wall_s=%.3f summed_run_s=%.3f runs_per_min=%.1f peak_rss_mib=%.0f\n",
                    runs, plan.largest_agents, scenarios.empty() ? 0u : scenarios.front().steps, workers,
                    threads, expand, wall, summed, 60.0 * static_cast<double>(runs) / wall, peak_rss_mib());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "trustsim_bench_sweep: %s\n", e.what());
        return 1;
    }
    return 0;
}
