// Informal influence (spec A.11): the PageRank of the trust-weighted network. An agent endorses
// each out-neighbour in proportion to the trust it places in it, so influence flows to those whom
// the influential trust; agents who trust nobody spread theirs evenly. Computed for output only,
// at agent snapshots, so it costs nothing in the weeks between.
#pragma once

#include "sim/trust_network.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace trustsim::core {

struct PageRankResult {
    std::vector<double> rank;  ///< sums to 1
    std::uint32_t iterations = 0;
    double change = 0;  ///< L1 change of the last iteration
};

/// PageRank with damping `damping` of the graph whose edge e (CSR order of `net`) has weight
/// weight[e] >= 0. Iterates r <- (1-d)/N + d (W^T r + dangling/N) from the uniform vector until
/// the L1 change is below `tolerance` or `max_iterations` is reached. Each agent's new value sums
/// its in-edges in the transpose's fixed order and the two global sums use the fixed-block
/// reduction, so the result is the same for any thread count.
PageRankResult pagerank(const TrustNetwork& net, std::span<const float> weight, double damping = 0.85,
                        double tolerance = 1e-9, std::uint32_t max_iterations = 200);

}  // namespace trustsim::core
