// How the sweep runner splits a machine between runs: side by side below the measured switch
// (docs/performance.md, "Sweeps"), all threads in one run at and above it, and what -w/-t do.
#include "sweep/runner.hpp"

#include <catch2/catch.hpp>

using namespace trustsim::sweep;

TEST_CASE("small runs go side by side and large ones take every core", "[sweep]") {
    const Parallelism small = choose_parallelism(parallel_run_threshold_agents - 1, 8, 0, 0);
    CHECK(small.workers == 8);
    CHECK(small.threads_per_run == 1);
    const Parallelism large = choose_parallelism(parallel_run_threshold_agents, 8, 0, 0);
    CHECK(large.workers == 1);
    CHECK(large.threads_per_run == 8);
}

TEST_CASE("requested workers or threads per run override the choice and fill the cores between them", "[sweep]") {
    const Parallelism workers = choose_parallelism(2000, 8, 2, 0);
    CHECK(workers.workers == 2);
    CHECK(workers.threads_per_run == 4);
    const Parallelism threads = choose_parallelism(2000, 8, 0, 3);
    CHECK(threads.workers == 2);
    CHECK(threads.threads_per_run == 3);
    const Parallelism both = choose_parallelism(1'000'000, 2, 5, 7);
    CHECK(both.workers == 5);
    CHECK(both.threads_per_run == 7);
    // More workers than cores still gives each run a thread; no cores reported counts as one.
    CHECK(choose_parallelism(2000, 2, 4, 0).threads_per_run == 1);
    CHECK(choose_parallelism(2000, 0, 0, 0).workers == 1);
}
