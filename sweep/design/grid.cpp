// The full factorial grid: every combination of level indices, like nested loops with the last
// factor innermost, so the row order reads like the sweep file lists the factors.
#include "sweep/design.hpp"

#include <limits>
#include <stdexcept>
#include <string>

namespace trustsim::sweep {

std::vector<std::vector<std::size_t>> full_grid(const std::vector<std::size_t>& level_counts) {
    if (level_counts.empty()) throw std::invalid_argument("full grid: needs at least 1 factor");
    std::size_t total = 1;
    for (std::size_t f = 0; f < level_counts.size(); ++f) {
        const std::size_t count = level_counts[f];
        if (count == 0) {
            throw std::invalid_argument("full grid: factor " + std::to_string(f + 1) + " of " +
                                        std::to_string(level_counts.size()) + " has no levels; every factor needs at least 1");
        }
        if (total > std::numeric_limits<std::size_t>::max() / count) {
            throw std::invalid_argument("full grid: the product of the level counts overflows; use fewer levels or a "
                                        "sampling design (random, Latin hypercube)");
        }
        total *= count;
    }

    std::vector<std::vector<std::size_t>> rows;
    rows.reserve(total);
    std::vector<std::size_t> levels(level_counts.size(), 0);
    for (std::size_t r = 0; r < total; ++r) {
        rows.push_back(levels);
        // Odometer step: bump the last factor, carrying into earlier ones when it wraps.
        for (std::size_t f = levels.size(); f-- > 0;) {
            if (++levels[f] < level_counts[f]) break;
            levels[f] = 0;
        }
    }
    return rows;
}

}  // namespace trustsim::sweep
