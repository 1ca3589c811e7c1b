// Step throughput of the core model: steps/s, edge-updates/s, per-phase time and peak memory
// for one organisation size and thread count per process (so peak RSS is that run's own).
// Timings are reported, never asserted. scripts/bench runs the standard matrix.
#include "models/outcomes/metrics.hpp"
#include "tests/support/scenarios.hpp"

#include "bench/measure.hpp"

#include <CLI/CLI.hpp>
#include <tbb/task_arena.h>

#include <chrono>
#include <cstdio>

using namespace trustsim;

using bench::peak_rss_mib;
using bench::seconds_since;

int main(int argc, char** argv) {
    CLI::App app{"trustsim step benchmark: one size, one thread count, no output file"};
    std::uint32_t agents = 100000, steps = 10, warmup = 2;
    unsigned threads = 2;
    std::string style = "humble";
    bool phases = false;
    unsigned influence = 0;
    app.add_option("-n,--agents", agents, "organisation size")->check(CLI::Range(2u, 2000000000u));
    app.add_option("-s,--steps", steps, "timed steps")->check(CLI::Range(1u, 100000u));
    app.add_option("-w,--warmup", warmup, "untimed steps first (caches, page faults)");
    app.add_option("-t,--threads", threads, "worker threads")->check(CLI::Range(1u, 1024u));
    app.add_option("--style", style, "leadership preset");
    app.add_flag("--phases", phases, "print time per phase");
    app.add_option("--influence", influence,
                   "after the steps, time this many computations of informal influence (PageRank of the trust network, as each agent snapshot does)");
    CLI11_PARSE(app, argc, argv);

    const auto setup_start = std::chrono::steady_clock::now();
    auto simulation = testing::make_simulation(testing::scenario(agents, warmup + steps, style, 1), threads);
    const double setup = seconds_since(setup_start);
    for (std::uint32_t k = 0; k < warmup; ++k) simulation->step();

    const StepProfile before = simulation->profile();
    const auto start = std::chrono::steady_clock::now();
    for (std::uint32_t k = 0; k < steps; ++k) simulation->step();
    const double elapsed = seconds_since(start);
    const double per_step = elapsed / steps;
    const auto edges = static_cast<double>(simulation->world().network.edges());

    std::printf("agents=%u edges=%.0f threads=%u setup_s=%.3f s_per_step=%.5f steps_per_s=%.2f "
                "edge_updates_per_s=%.3e peak_rss_mib=%.0f\n",
                agents, edges, threads, setup, per_step, 1.0 / per_step, edges / per_step, peak_rss_mib());
    if (phases) {
        const StepProfile& after = simulation->profile();
        for (std::size_t p = 0; p < after.phase_names.size(); ++p) {
            std::printf("  %-18s %8.2f ms/step\n", after.phase_names[p].c_str(),
                        1000.0 * (after.phase_seconds[p] - before.phase_seconds[p]) / steps);
        }
    }
    if (influence > 0) {
        const core::CoreRun& run = testing::core_run(*simulation);
        // On the run's own threads, as an agent snapshot computes it.
        tbb::task_arena arena(static_cast<int>(threads));
        double total = 0;
        for (unsigned k = 0; k < influence; ++k) {
            const auto influence_start = std::chrono::steady_clock::now();
            const std::vector<double> rank = arena.execute([&] { return core::influence_of(run); });
            total += seconds_since(influence_start);
            if (rank.size() != agents) return 1;
        }
        std::printf("  influence %8.2f ms each (%u computations)\n", 1000.0 * total / influence, influence);
    }
    return 0;
}
