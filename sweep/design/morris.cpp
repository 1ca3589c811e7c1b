// Morris elementary-effect trajectories in the standard construction (Morris 1991; the B* form
// of Campolongo, Cariboni & Saltelli 2007). Everything is computed on integer level indices
// 0..p-1 and divided by p - 1 only when written, so every value lies exactly on the p-level grid
// and each step is exactly p/2 levels, i.e. delta = p / (2 (p - 1)).
//
// For each trajectory: a base level b_f in {0, ..., p/2 - 1} (the grid points x with x + delta
// <= 1) and a direction per factor, and a random order of the factors. A factor moving up starts
// at b_f and ends at b_f + p/2; one moving down starts at b_f + p/2 and ends at b_f. So each
// factor moves exactly once, by +-delta, and never leaves [0,1] (the top level is exactly 1.0).
#include "sim/rng.hpp"
#include "sweep/design.hpp"

#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

namespace trustsim::sweep {

namespace {

/// The `purpose` word of the Morris streams; unique across sweep/design/*.cpp
/// (random_designs.cpp uses 0xD001 and 0xD002). Never renumber.
enum class DesignPurpose : std::uint32_t {
    morris_trajectory = 0xD003,  ///< agent word = trajectory: base levels, directions, factor order
};
static_assert(static_cast<std::uint32_t>(DesignPurpose::morris_trajectory) < engine_purpose_base);

}  // namespace

UnitDesign morris(std::size_t trajectories, std::size_t factors, std::size_t levels, std::uint64_t seed) {
    constexpr std::size_t max32 = std::numeric_limits<std::uint32_t>::max();
    if (trajectories < 1) throw std::invalid_argument("Morris design: the number of trajectories r must be at least 1");
    if (trajectories > max32) {
        throw std::invalid_argument("Morris design: at most " + std::to_string(max32) + " trajectories, got " +
                                    std::to_string(trajectories));
    }
    if (factors < 1) throw std::invalid_argument("Morris design: needs at least 1 factor");
    if (factors > max32) throw std::invalid_argument("Morris design: at most " + std::to_string(max32) + " factors");
    if (levels < 2 || levels % 2 != 0 || levels > max32) {
        throw std::invalid_argument("Morris design: the number of levels p must be even and at least 2 (4 is usual), got " +
                                    std::to_string(levels));
    }
    const std::size_t rows_per_trajectory = factors + 1;
    if (trajectories > std::numeric_limits<std::size_t>::max() / sizeof(double) / rows_per_trajectory / factors) {
        throw std::invalid_argument("Morris design: " + std::to_string(trajectories) + " trajectories x " +
                                    std::to_string(factors) + " factors is too large to hold");
    }

    const std::size_t half = levels / 2;  // delta in level steps
    const double top_level = static_cast<double>(levels - 1);
    const RngKey key{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};

    UnitDesign design;
    design.factors = factors;
    design.values.resize(trajectories * rows_per_trajectory * factors);
    design.tag_names = {"morris_trajectory", "morris_step", "morris_factor"};
    design.tag_values.assign(3, std::vector<std::int64_t>(trajectories * rows_per_trajectory));

    std::vector<std::size_t> level(factors);
    std::vector<bool> moves_up(factors);
    std::vector<std::size_t> order(factors);
    for (std::size_t t = 0; t < trajectories; ++t) {
        RandomStream stream(key, 0, static_cast<std::uint32_t>(t), static_cast<std::uint32_t>(DesignPurpose::morris_trajectory));
        for (std::size_t f = 0; f < factors; ++f) {
            const std::size_t base = stream.below(static_cast<std::uint32_t>(half));
            moves_up[f] = stream.below(2) == 1;
            level[f] = moves_up[f] ? base : base + half;
        }
        std::iota(order.begin(), order.end(), std::size_t{0});
        for (std::size_t i = factors - 1; i > 0; --i) {  // Fisher-Yates
            std::swap(order[i], order[stream.below(static_cast<std::uint32_t>(i + 1))]);
        }

        for (std::size_t step = 0; step <= factors; ++step) {
            std::int64_t moved = -1;
            if (step > 0) {
                const std::size_t f = order[step - 1];
                level[f] = moves_up[f] ? level[f] + half : level[f] - half;
                moved = static_cast<std::int64_t>(f);
            }
            const std::size_t row = t * rows_per_trajectory + step;
            for (std::size_t f = 0; f < factors; ++f) {
                design.values[row * factors + f] = static_cast<double>(level[f]) / top_level;
            }
            design.tag_values[0][row] = static_cast<std::int64_t>(t);
            design.tag_values[1][row] = static_cast<std::int64_t>(step);
            design.tag_values[2][row] = moved;
        }
    }
    return design;
}

}  // namespace trustsim::sweep
