// Informal influence's PageRank (models/influence/pagerank.hpp): the extrapolated iteration
// reaches the fixed point that plain power iteration reaches, as accurately and in fewer steps,
// and gives the same bits for any thread count.
#include "models/influence/pagerank.hpp"
#include "sim/organisation.hpp"
#include "sim/rng.hpp"
#include "sim/trust_network.hpp"

#include <catch2/catch.hpp>

#include <tbb/global_control.h>

#include <cmath>
#include <vector>

using namespace trustsim;

namespace {

struct PowerIteration {
    std::vector<double> rank;
    int iterations = 0;
};

/// Plain power iteration r <- (1-d)/N + d (W^T r + dangling/N), serial, from the uniform vector
/// until the L1 change is below `tolerance` (or `max_iterations`).
PowerIteration power_iteration(const TrustNetwork& net, const std::vector<float>& weight, double damping,
                               double tolerance, int max_iterations) {
    const std::size_t n = net.agents();
    std::vector<double> out_sum(n, 0.0), next(n);
    PowerIteration result{std::vector<double>(n, 1.0 / static_cast<double>(n)), 0};
    for (AgentIndex i = 0; i < n; ++i) {
        for (EdgeIndex e = net.row_begin(i); e < net.row_end(i); ++e) out_sum[i] += weight[e];
    }
    while (result.iterations < max_iterations) {
        const std::vector<double>& rank = result.rank;
        double dangling = 0;
        for (std::size_t i = 0; i < n; ++i) dangling += out_sum[i] > 0 ? 0.0 : rank[i];
        std::fill(next.begin(), next.end(),
                  (1.0 - damping) / static_cast<double>(n) + damping * dangling / static_cast<double>(n));
        for (AgentIndex i = 0; i < n; ++i) {
            if (out_sum[i] <= 0) continue;
            for (EdgeIndex e = net.row_begin(i); e < net.row_end(i); ++e) {
                // Each edge's share as pagerank() holds it, a float, so both iterate one matrix.
                const auto share = static_cast<float>(weight[e] / out_sum[i]);
                next[net.target(e)] += damping * rank[i] * share;
            }
        }
        double change = 0;
        for (std::size_t i = 0; i < n; ++i) change += std::abs(next[i] - rank[i]);
        result.rank.swap(next);
        ++result.iterations;
        if (change < tolerance) break;
    }
    return result;
}

/// Trust-like weights in (0, 1), and zero out-trust for every 50th agent (dangling rank).
std::vector<float> weights_for(const TrustNetwork& net) {
    std::vector<float> weight(net.edges());
    RandomStream stream(RngKey{3, 0}, 0, 0, 0);
    for (AgentIndex i = 0; i < net.agents(); ++i) {
        for (EdgeIndex e = net.row_begin(i); e < net.row_end(i); ++e) {
            weight[e] = i % 50 == 7 ? 0.0f : static_cast<float>(0.05 + 0.9 * stream.uniform());
        }
    }
    return weight;
}

}  // namespace

TEST_CASE("PageRank reaches power iteration's fixed point to its tolerance, in fewer iterations", "[influence]") {
    const Organisation org(30000, 7);
    const TrustNetwork net(org, {6, 0.8}, RngKey{5, 0});
    const std::vector<float> weight = weights_for(net);
    const std::vector<double> exact = power_iteration(net, weight, 0.85, 0.0, 300).rank;  // 0.85^300: converged

    const core::PageRankResult result = core::pagerank(net, weight);
    REQUIRE(result.change < 1e-9);
    double l1_error = 0, sum = 0, worst_relative = 0;
    for (std::size_t i = 0; i < exact.size(); ++i) {
        l1_error += std::abs(result.rank[i] - exact[i]);
        sum += result.rank[i];
        worst_relative = std::max(worst_relative, std::abs(result.rank[i] / exact[i] - 1));
    }
    // The documented tolerance bounds the error: change * d / (1 - d) in L1.
    CHECK(l1_error < 1e-9 * 0.85 / 0.15);
    CHECK(std::abs(sum - 1) < 1e-9);
    CHECK(worst_relative < 1e-7);  // every value exact as the float32 it is written as, near enough

    // Plain power iteration needs as many steps as it takes the network's second eigenvalue
    // (at most 0.85) to bring the change below the tolerance; the extrapolated one a quarter fewer.
    const int plain_iterations = power_iteration(net, weight, 0.85, 1e-9, 300).iterations;
    INFO("plain power iteration: " << plain_iterations << " iterations; extrapolated: " << result.iterations);
    CHECK(static_cast<int>(result.iterations) * 4 < plain_iterations * 3);
}

TEST_CASE("PageRank gives the same bits on one thread and on several", "[influence][determinism]") {
    const Organisation org(30000, 7);  // 8 reduction blocks of 4096 agents, each split further
    const TrustNetwork net(org, {6, 0.8}, RngKey{9, 0});
    const std::vector<float> weight = weights_for(net);
    core::PageRankResult serial;
    {
        const tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
        serial = core::pagerank(net, weight);
    }
    const core::PageRankResult parallel = core::pagerank(net, weight);
    CHECK(parallel.iterations == serial.iterations);
    CHECK(parallel.rank == serial.rank);
}

TEST_CASE("PageRank on a pure tree, whose steps alternate, still reaches the fixed point", "[influence]") {
    // Without lateral ties every edge joins two levels: the slowest mode's eigenvalue is negative
    // and each step reverses the last. Extrapolating forward there would diverge.
    const Organisation org(30000, 7);
    const TrustNetwork net(org, {0, 0.8}, RngKey{5, 0});
    const std::vector<float> weight = weights_for(net);
    const PowerIteration plain = power_iteration(net, weight, 0.85, 1e-9, 300);
    const std::vector<double> exact = power_iteration(net, weight, 0.85, 0.0, 300).rank;
    const core::PageRankResult result = core::pagerank(net, weight);
    REQUIRE(result.change < 1e-9);
    CHECK(result.iterations <= static_cast<std::uint32_t>(plain.iterations));
    double l1_error = 0;
    for (std::size_t i = 0; i < exact.size(); ++i) {
        REQUIRE(result.rank[i] > 0);
        l1_error += std::abs(result.rank[i] - exact[i]);
    }
    CHECK(l1_error < 1e-9 * 0.85 / 0.15);
}
