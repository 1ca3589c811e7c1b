// Random streams: reproducible, independent across agents, purposes and steps, and with the
// right moments. Tolerances are about five standard errors for the sample sizes used.
#include "sim/first_blocks.hpp"
#include "sim/rng.hpp"

#include <catch2/catch.hpp>
#include <tbb/task_arena.h>

#include <cmath>
#include <vector>

using trustsim::RandomStream;
using trustsim::RngKey;

namespace {

std::vector<double> draws(RngKey key, std::uint32_t step, std::uint32_t agent, std::uint32_t purpose, int n) {
    RandomStream stream(key, step, agent, purpose);
    std::vector<double> values(static_cast<std::size_t>(n));
    for (double& v : values) v = stream.uniform();
    return values;
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
    const auto n = static_cast<double>(a.size());
    double ma = 0, mb = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        ma += a[k];
        mb += b[k];
    }
    ma /= n;
    mb /= n;
    double sab = 0, saa = 0, sbb = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        sab += (a[k] - ma) * (b[k] - mb);
        saa += (a[k] - ma) * (a[k] - ma);
        sbb += (b[k] - mb) * (b[k] - mb);
    }
    return sab / std::sqrt(saa * sbb);
}

}  // namespace

TEST_CASE("a stream is a pure function of key and counter", "[rng]") {
    const RngKey key{42, 3};
    CHECK(draws(key, 7, 11, 5, 100) == draws(key, 7, 11, 5, 100));
    CHECK(draws(key, 7, 11, 5, 100) != draws(RngKey{43, 3}, 7, 11, 5, 100));
    CHECK(draws(key, 7, 11, 5, 100) != draws(RngKey{42, 4}, 7, 11, 5, 100));
}

TEST_CASE("streams of neighbouring agents, purposes and steps are uncorrelated", "[rng]") {
    const RngKey key{1, 0};
    const int n = 20000;  // standard error of r is about 0.007
    const auto base = draws(key, 1, 100, 1, n);
    CHECK(std::abs(correlation(base, draws(key, 1, 101, 1, n))) < 0.035);
    CHECK(std::abs(correlation(base, draws(key, 1, 100, 2, n))) < 0.035);
    CHECK(std::abs(correlation(base, draws(key, 2, 100, 1, n))) < 0.035);
    // Per-agent first draws across many agents (the pattern every per-agent kernel uses).
    std::vector<double> first_a, first_b;
    for (std::uint32_t agent = 0; agent < static_cast<std::uint32_t>(n); ++agent) {
        first_a.push_back(RandomStream(key, 5, agent, 1).uniform());
        first_b.push_back(RandomStream(key, 5, agent, 2).uniform());
    }
    CHECK(std::abs(correlation(first_a, first_b)) < 0.035);
}

TEST_CASE("uniform, normal, beta and binomial draws have the right moments", "[rng]") {
    RandomStream stream(RngKey{9, 0}, 0, 0, 0);
    const int n = 200000;
    double sum = 0, squares = 0, lowest = 1, highest = 0;
    for (int k = 0; k < n; ++k) {
        const double u = stream.uniform();
        sum += u;
        squares += u * u;
        lowest = std::min(lowest, u);
        highest = std::max(highest, u);
    }
    CHECK(sum / n == Approx(0.5).margin(0.004));
    CHECK(squares / n - (sum / n) * (sum / n) == Approx(1.0 / 12.0).margin(0.002));
    CHECK(lowest > 0.0);
    CHECK(highest < 1.0);

    double z_sum = 0, z_squares = 0;
    for (int k = 0; k < n; ++k) {
        const double z = stream.normal();
        z_sum += z;
        z_squares += z * z;
    }
    CHECK(z_sum / n == Approx(0.0).margin(0.012));
    CHECK(z_squares / n == Approx(1.0).margin(0.015));

    const auto p = trustsim::beta_from_mean_sd(0.55, 0.15);
    CHECK(p.a == Approx(5.5));
    CHECK(p.b == Approx(4.5));
    double b_sum = 0, b_squares = 0;
    for (int k = 0; k < n / 4; ++k) {
        const double b = stream.beta(p.a, p.b);
        b_sum += b;
        b_squares += b * b;
    }
    const double mean = b_sum / (n / 4);
    CHECK(mean == Approx(0.55).margin(0.003));
    CHECK(std::sqrt(b_squares / (n / 4) - mean * mean) == Approx(0.15).margin(0.003));

    double successes = 0;
    for (int k = 0; k < 10000; ++k) successes += stream.binomial(10, 0.3);
    CHECK(successes / 10000 == Approx(3.0).margin(0.07));
    CHECK(stream.binomial(0, 0.9) == 0u);
}

TEST_CASE("a Beta at the ends of its valid sd draws finite values with the limit's mean", "[rng]") {
    RandomStream stream(RngKey{5, 0}, 1, 2, 3);
    const int n = 20000;
    for (const double mean : {0.3, 1e-9, 1.0 - 1e-9}) {
        INFO("mean " << mean);
        // sd -> 0: a point mass at the mean (an sd of 5e-324 squares to 0: infinite concentration).
        const auto narrow = trustsim::beta_from_mean_sd(mean, 5e-324);
        // sd -> sqrt(m (1 - m)): Bernoulli(m) on {0, 1}; both gamma draws underflow to 0 there.
        const auto wide = trustsim::beta_from_mean_sd(mean, std::nextafter(std::sqrt(mean * (1 - mean)), 0.0));
        double narrow_sum = 0, wide_sum = 0;
        bool finite_in_unit = true;
        for (int k = 0; k < n; ++k) {
            const double x = stream.beta(narrow.a, narrow.b);
            const double y = stream.beta(wide.a, wide.b);
            finite_in_unit = finite_in_unit && x >= 0 && x <= 1 && y >= 0 && y <= 1;
            narrow_sum += x;
            wide_sum += y;
        }
        CHECK(finite_in_unit);
        CHECK(narrow_sum / n == Approx(mean).epsilon(1e-4));
        // Five binomial standard errors.
        CHECK(wide_sum / n == Approx(mean).margin(5 * std::sqrt(mean * (1 - mean) / n) + 1e-12));
    }
}

TEST_CASE("the normal quantile matches reference values of Phi^-1", "[rng]") {
    using trustsim::RandomStream;
    // Reference values from the exact inverse of the standard normal CDF.
    CHECK(RandomStream::normal_quantile(0.5) == 0.0);
    CHECK(RandomStream::normal_quantile(0.975) == Approx(1.959963984540054).epsilon(1e-14));
    CHECK(RandomStream::normal_quantile(0.9) == Approx(1.2815515655446004).epsilon(1e-14));
    CHECK(RandomStream::normal_quantile(0.05) == Approx(-1.6448536269514729).epsilon(1e-14));
    CHECK(RandomStream::normal_quantile(1e-10) == Approx(-6.361340902404056).epsilon(1e-13));
    // The smallest uniform the streams can return stays in the approximated range.
    CHECK(RandomStream::normal_quantile(0.5 * 0x1p-32) == Approx(-6.3613).margin(0.2));
    for (const double p : {0.001, 0.2, 0.4, 0.6, 0.77, 0.999}) {
        CHECK(RandomStream::normal_quantile(p) == Approx(-RandomStream::normal_quantile(1.0 - p)).epsilon(1e-12));
    }
}

TEST_CASE("first blocks computed many at a time are Philox's, and their streams draw what a stream does", "[rng]") {
    if (!trustsim::philox_first_blocks_vectorised()) WARN("no AVX2 on this CPU: only the plain path is compared");
    const RngKey keys[] = {{0, 0}, {42, 3}, {0xFFFFFFFFu, 0xFFFFFFFFu}};
    // Counts around the eight-lane width, a full run, and agent words that wrap past 2^32 - 1.
    const std::uint32_t firsts[] = {0, 5, 1000003, 0xFFFFFFF0u};
    const std::size_t counts[] = {0, 1, 7, 8, 9, 17, 256};
    for (const RngKey key : keys) {
        for (const std::uint32_t first : firsts) {
            for (const std::size_t count : counts) {
                std::vector<trustsim::PhiloxBlock> fast(count), plain(count);
                trustsim::philox_first_blocks(key, 77, 25, first, fast, true);
                trustsim::philox_first_blocks(key, 77, 25, first, plain, false);
                for (std::size_t k = 0; k < count; ++k) {
                    const auto agent = static_cast<std::uint32_t>(first + k);
                    const auto expected = r123::Philox4x32{}({{77, agent, 25, 0}}, {{key.seed, key.replicate}});
                    INFO("key " << key.seed << "/" << key.replicate << " agent " << agent);
                    CHECK(fast[k] == trustsim::PhiloxBlock{expected.v[0], expected.v[1], expected.v[2], expected.v[3]});
                    CHECK(plain[k] == fast[k]);
                }
            }
        }
    }

    // A stream started from its block goes on into block 1 exactly as a fresh stream does.
    trustsim::FirstBlocks blocks(RngKey{9, 1}, 12, 40);
    blocks.fill(300, 20);
    for (std::uint32_t agent = 300; agent < 320; ++agent) {
        RandomStream from_block = blocks.stream(agent);
        RandomStream fresh(RngKey{9, 1}, 12, agent, 40);
        for (int draw = 0; draw < 11; ++draw) CHECK(from_block.uniform() == fresh.uniform());
        CHECK(from_block.normal() == fresh.normal());
    }
    CHECK(blocks.find(299) == nullptr);
    CHECK(blocks.find(320) == nullptr);
    CHECK(blocks.find(319) == &blocks.block(319));
}

TEST_CASE("for_each_agent_with_stream hands every agent its own stream, on several threads", "[rng][parallel]") {
    // 5,000 agents on two threads: several parallel ranges, each cut into runs of FirstBlocks::capacity.
    const std::size_t n = 5000;
    std::vector<double> batched(n), single(n);
    tbb::task_arena arena(2);
    arena.execute([&] {
        trustsim::for_each_agent_with_stream(n, RngKey{5, 2}, 3, 24, [&](std::size_t i, RandomStream& stream) {
            batched[i] = stream.uniform() + stream.uniform53();
        });
    });
    for (std::size_t i = 0; i < n; ++i) {
        RandomStream stream(RngKey{5, 2}, 3, static_cast<std::uint32_t>(i), 24);
        single[i] = stream.uniform() + stream.uniform53();
    }
    CHECK(batched == single);
}
