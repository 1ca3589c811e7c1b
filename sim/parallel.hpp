// The one place parallelism lives. Kernels are written per agent (or per block of agents) and run
// unchanged serially or in parallel; `--threads 1` runs the identical kernel.
//
// Reductions are deterministic: the index range is cut into fixed blocks of `reduction_block`
// items whatever the thread count, each block is summed serially, and the block partials are
// combined serially in index order. Floating-point sums therefore give the same bits on 1, 2 or
// 3 threads (tbb::parallel_reduce would split by thread and would not).
//
// Backends. oneTBB runs everything by default. ThreadSanitizer cannot see the synchronisation
// inside Debian's uninstrumented libtbb, so every parallel_for would be reported as a race; the
// tsan preset therefore defines TRUSTSIM_STD_THREAD_BACKEND and runs the same kernels on
// std::thread (which TSan understands), with the thread count taken from the run's
// tbb::task_arena (sim/simulation.hpp). Races TSan reports in that build are ours.
#pragma once

#include <tbb/task_arena.h>

#ifdef TRUSTSIM_STD_THREAD_BACKEND
#include <thread>
#else
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#endif

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace trustsim {

inline constexpr std::size_t agent_grain = 1024;
inline constexpr std::size_t reduction_block = 4096;

/// Calls body(begin, end) on disjoint sub-ranges covering [0, n), each at most about `grain`
/// long, possibly concurrently and in any order.
template <class Body>
void parallel_ranges(std::size_t n, std::size_t grain, Body&& body) {
#ifdef TRUSTSIM_STD_THREAD_BACKEND
    const std::size_t threads =
        std::max<std::size_t>(1, static_cast<std::size_t>(tbb::this_task_arena::max_concurrency()));
    const std::size_t chunks = (n + grain - 1) / grain;
    auto worker = [&](std::size_t first_chunk) {
        for (std::size_t c = first_chunk; c < chunks; c += threads) body(c * grain, std::min(n, (c + 1) * grain));
    };
    std::vector<std::thread> helpers;
    for (std::size_t t = 1; t < std::min(threads, chunks); ++t) helpers.emplace_back(worker, t);
    worker(0);
    for (std::thread& helper : helpers) helper.join();
#else
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, grain),
                      [&](const tbb::blocked_range<std::size_t>& range) { body(range.begin(), range.end()); });
#endif
}

/// Calls kernel(i) for every i in [0, n); iterations may run concurrently and in any order, so a
/// kernel writes only slots owned by i.
template <class Kernel>
void for_each_agent(std::size_t n, Kernel&& kernel) {
    parallel_ranges(n, agent_grain, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i != end; ++i) kernel(i);
    });
}

/// Calls kernel(begin, end) on disjoint sub-ranges covering [0, n).
template <class Kernel>
void for_each_range(std::size_t n, Kernel&& kernel) {
    parallel_ranges(n, agent_grain, kernel);
}

/// Deterministic reduction: block_sum(begin, end) -> Partial over fixed blocks, then
/// combine(total, partial) in block order.
template <class Partial, class BlockSum, class Combine>
Partial reduce_fixed_order(std::size_t n, Partial init, BlockSum&& block_sum, Combine&& combine) {
    const std::size_t blocks = (n + reduction_block - 1) / reduction_block;
    std::vector<Partial> partials(blocks, init);
    parallel_ranges(blocks, 1, [&](std::size_t first, std::size_t last) {
        for (std::size_t b = first; b != last; ++b) {
            const std::size_t begin = b * reduction_block;
            partials[b] = block_sum(begin, std::min(n, begin + reduction_block));
        }
    });
    Partial total = init;
    for (const Partial& partial : partials) combine(total, partial);
    return total;
}

}  // namespace trustsim
