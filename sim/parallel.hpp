// The one place parallelism lives. Kernels are written per agent (or per block of agents) and run
// unchanged serially or on oneTBB; `--threads 1` runs the identical kernel.
//
// Reductions are deterministic: the index range is cut into fixed blocks of `reduction_block`
// items whatever the thread count, each block is summed serially, and the block partials are
// combined serially in index order. Floating-point sums therefore give the same bits on 1, 2 or
// 3 threads (tbb::parallel_reduce would split by thread and would not).
#pragma once

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace trustsim {

inline constexpr std::size_t agent_grain = 1024;
inline constexpr std::size_t reduction_block = 4096;

/// Calls kernel(i) for every i in [0, n); iterations may run concurrently and in any order, so a
/// kernel writes only slots owned by i.
template <class Kernel>
void for_each_agent(std::size_t n, Kernel&& kernel) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, agent_grain),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                          for (std::size_t i = range.begin(); i != range.end(); ++i) kernel(i);
                      });
}

/// Calls kernel(begin, end) on disjoint sub-ranges covering [0, n).
template <class Kernel>
void for_each_range(std::size_t n, Kernel&& kernel) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, agent_grain),
                      [&](const tbb::blocked_range<std::size_t>& range) { kernel(range.begin(), range.end()); });
}

/// Deterministic reduction: block_sum(begin, end) -> Partial over fixed blocks, then
/// combine(total, partial) in block order.
template <class Partial, class BlockSum, class Combine>
Partial reduce_fixed_order(std::size_t n, Partial init, BlockSum&& block_sum, Combine&& combine) {
    const std::size_t blocks = (n + reduction_block - 1) / reduction_block;
    std::vector<Partial> partials(blocks, init);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blocks, 1),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                          for (std::size_t b = range.begin(); b != range.end(); ++b) {
                              const std::size_t begin = b * reduction_block;
                              const std::size_t end = std::min(n, begin + reduction_block);
                              partials[b] = block_sum(begin, end);
                          }
                      });
    Partial total = init;
    for (const Partial& partial : partials) combine(total, partial);
    return total;
}

}  // namespace trustsim
