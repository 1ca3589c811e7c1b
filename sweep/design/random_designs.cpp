// Independent uniform points and Latin hypercubes, drawn from Philox streams keyed by the
// design seed (low 32 bits as RngKey::seed, high 32 bits as RngKey::replicate), so a design is a
// pure function of (n, factors, seed).
#include "sim/rng.hpp"
#include "sweep/design.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

namespace trustsim::sweep {

namespace {

/// The `purpose` words of the design streams. Values are unique across sweep/design/*.cpp
/// (morris.cpp uses 0xD003) and far from the models' small purpose numbers; never renumber, or
/// every stored design changes.
enum class DesignPurpose : std::uint32_t {
    random_point = 0xD001,    ///< agent word = row: that row's k coordinates
    latin_hypercube = 0xD002, ///< agent word = factor: the strata permutation, then the offsets
};
static_assert(static_cast<std::uint32_t>(DesignPurpose::latin_hypercube) < engine_purpose_base);

RngKey design_key(std::uint64_t seed) {
    return RngKey{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
}

/// n must fit the 32-bit agent word (random rows) and below() (LHS strata); n * factors must be
/// allocatable.
void check_sizes(const char* design_name, std::size_t n, std::size_t factors) {
    const std::string name = design_name;
    if (n < 1) throw std::invalid_argument(name + ": the number of points must be at least 1");
    if (factors < 1) throw std::invalid_argument(name + ": needs at least 1 factor");
    if (n > std::numeric_limits<std::uint32_t>::max()) {
        throw std::invalid_argument(name + ": at most " + std::to_string(std::numeric_limits<std::uint32_t>::max()) +
                                    " points, got " + std::to_string(n));
    }
    if (factors > std::numeric_limits<std::size_t>::max() / sizeof(double) / n) {
        throw std::invalid_argument(name + ": " + std::to_string(n) + " points x " + std::to_string(factors) +
                                    " factors is too large to hold");
    }
}

UnitDesign empty_design(std::size_t n, std::size_t factors) {
    UnitDesign design;
    design.factors = factors;
    design.values.resize(n * factors);
    return design;
}

}  // namespace

UnitDesign random_design(std::size_t n, std::size_t factors, std::uint64_t seed) {
    check_sizes("random design", n, factors);
    UnitDesign design = empty_design(n, factors);
    const RngKey key = design_key(seed);
    // One stream per row: row j is the same whatever n is, so a longer design extends a shorter one.
    for (std::size_t row = 0; row < n; ++row) {
        RandomStream stream(key, 0, static_cast<std::uint32_t>(row), static_cast<std::uint32_t>(DesignPurpose::random_point));
        for (std::size_t f = 0; f < factors; ++f) design.values[row * factors + f] = stream.uniform53();
    }
    return design;
}

UnitDesign latin_hypercube(std::size_t n, std::size_t factors, std::uint64_t seed) {
    check_sizes("Latin hypercube", n, factors);
    UnitDesign design = empty_design(n, factors);
    const RngKey key = design_key(seed);
    const double count = static_cast<double>(n);
    std::vector<std::uint32_t> strata(n);
    for (std::size_t f = 0; f < factors; ++f) {
        RandomStream stream(key, 0, static_cast<std::uint32_t>(f), static_cast<std::uint32_t>(DesignPurpose::latin_hypercube));
        std::iota(strata.begin(), strata.end(), std::uint32_t{0});
        for (std::size_t i = n - 1; i > 0; --i) {  // Fisher-Yates
            const std::uint32_t j = stream.below(static_cast<std::uint32_t>(i + 1));
            std::swap(strata[i], strata[j]);
        }
        for (std::size_t row = 0; row < n; ++row) {
            const double stratum = strata[row];
            const double upper = (stratum + 1.0) / count;
            double value = (stratum + stream.uniform53()) / count;
            // stratum + u can round up to stratum + 1 when u is within 2^-53 of 1; keep the point
            // inside its half-open stratum (and so inside [0,1)).
            if (value >= upper) value = std::nextafter(upper, 0.0);
            design.values[row * factors + f] = value;
        }
    }
    return design;
}

}  // namespace trustsim::sweep
