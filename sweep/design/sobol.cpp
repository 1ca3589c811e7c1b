// Unscrambled Sobol' points and Saltelli's A / B / AB_i design built on them.
//
// The Joe-Kuo rows of sobol_directions.hpp are expanded at compile time into 32 direction
// numbers per dimension by Bratley & Fox's recurrence (ACM TOMS 14:88, 1988), left-aligned so
// a point is its 32-bit integer times 2^-32 (exact in a double). Points are produced in
// Gray-code order (Antonov & Saleev 1979), as SciPy and Joe & Kuo's own generator do: point i is
// the XOR of the direction numbers selected by the bits of gray(i) = i ^ (i >> 1), and going
// from i to i + 1 flips exactly one of them (the one at the lowest zero bit of i), so each
// further point costs one XOR per dimension. The first 2^30 points equal SciPy's
// qmc.Sobol(d, scramble=False), which tests/sweep/test_designs.cpp checks.
#include "sweep/design.hpp"
#include "sweep/design/sobol_directions.hpp"

#include <array>
#include <bit>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace trustsim::sweep {

namespace {

constexpr std::size_t direction_bits = 32;
/// The sequence has 2^32 points; indices are counted in 64 bits so skip + count cannot wrap.
constexpr std::uint64_t sequence_length = std::uint64_t{1} << direction_bits;

using DirectionTable = std::array<std::array<std::uint32_t, direction_bits>, sobol_table::dimensions>;

constexpr DirectionTable expand_directions() {
    DirectionTable table{};
    for (std::size_t d = 0; d < sobol_table::dimensions; ++d) {
        const sobol_table::Polynomial& poly = sobol_table::polynomials[d];
        const std::size_t degree = poly.degree;
        // m_j < 2^(j+1), so every m_j of the first 32 fits in 32 bits; 64 bits keep the shifts
        // of the recurrence free of overflow.
        std::array<std::uint64_t, direction_bits> m{};
        for (std::size_t j = 0; j < direction_bits; ++j) {
            if (degree == 0) {
                m[j] = 1;  // dimension 1: the van der Corput sequence
            } else if (j < degree) {
                m[j] = poly.initial[j];
            } else {
                // m_j = 2 a_1 m_{j-1} ^ 4 a_2 m_{j-2} ^ ... ^ 2^s m_{j-s} ^ m_{j-s}
                std::uint64_t value = m[j - degree] ^ (m[j - degree] << degree);
                for (std::size_t k = 1; k < degree; ++k) {
                    if ((poly.inner >> (degree - 1 - k)) & 1u) value ^= m[j - k] << k;
                }
                m[j] = value;
            }
            table[d][j] = static_cast<std::uint32_t>(m[j] << (direction_bits - 1 - j));
        }
    }
    return table;
}

constexpr DirectionTable directions = expand_directions();

// Dimension 1 must come out as the van der Corput sequence and dimension 2 starts 1/2, 3/4.
static_assert(directions[0][0] == 0x80000000u && directions[0][31] == 1u);
static_assert(directions[1][0] == 0x80000000u && directions[1][1] == 0xC0000000u);

}  // namespace

std::vector<double> sobol_points(std::size_t count, std::size_t dimensions, std::uint64_t skip) {
    if (dimensions < 1 || dimensions > sobol_table::dimensions) {
        throw std::invalid_argument("Sobol' sequence: dimensions must be between 1 and " +
                                    std::to_string(sobol_table::dimensions) + ", got " + std::to_string(dimensions));
    }
    if (skip > sequence_length || count > sequence_length - skip) {
        throw std::invalid_argument("Sobol' sequence: " + std::to_string(count) + " points starting at index " +
                                    std::to_string(skip) +
                                    " run past the end of the sequence (2^32 points); ask for fewer points or start earlier");
    }
    std::vector<double> values(count * dimensions);
    if (count == 0) return values;

    std::array<std::uint32_t, sobol_table::dimensions> state{};
    const std::uint64_t gray = skip ^ (skip >> 1);
    for (std::size_t d = 0; d < dimensions; ++d) {
        for (std::size_t bit = 0; bit < direction_bits; ++bit) {
            if ((gray >> bit) & 1u) state[d] ^= directions[d][bit];
        }
    }
    for (std::size_t i = 0; i < count; ++i) {
        for (std::size_t d = 0; d < dimensions; ++d) values[i * dimensions + d] = static_cast<double>(state[d]) * 0x1p-32;
        if (i + 1 == count) break;
        // index + 1 < 2^32 here, so the flipped bit is one of the 32 direction numbers.
        const auto flipped = static_cast<std::size_t>(std::countr_zero(skip + i + 1));
        for (std::size_t d = 0; d < dimensions; ++d) state[d] ^= directions[d][flipped];
    }
    return values;
}

std::size_t saltelli_max_factors() { return sobol_table::dimensions / 2; }

UnitDesign saltelli(std::size_t n, std::size_t factors, std::uint64_t seed) {
    if (n < 1) throw std::invalid_argument("Saltelli design: the number of base samples N must be at least 1");
    if (factors < 1) throw std::invalid_argument("Saltelli design: needs at least 1 factor");
    if (factors > saltelli_max_factors()) {
        throw std::invalid_argument("Saltelli design: supports at most " + std::to_string(saltelli_max_factors()) +
                                    " factors (the Sobol' table has " + std::to_string(sobol_table::dimensions) +
                                    " dimensions and the design needs 2 per factor), got " + std::to_string(factors));
    }
    // Index 0 is the all-zero point, which is no sample of the cube's interior; the seed moves
    // the start further along. Seed 0 gives the best-balanced base samples, particularly when
    // N is a power of two.
    if (n >= sequence_length) {
        throw std::invalid_argument("Saltelli design: N = " + std::to_string(n) +
                                    " base samples exceed the 2^32 - 1 nonzero points of the Sobol' sequence");
    }
    if (seed > sequence_length - 1 - n) {
        throw std::invalid_argument("Saltelli design: seed " + std::to_string(seed) + " with N = " + std::to_string(n) +
                                    " runs past the 2^32 points of the Sobol' sequence; use a seed of at most " +
                                    std::to_string(sequence_length - 1 - n));
    }
    const std::size_t base_dimensions = 2 * factors;
    const std::vector<double> base = sobol_points(n, base_dimensions, 1 + seed);

    const std::size_t rows_per_sample = factors + 2;
    UnitDesign design;
    design.factors = factors;
    design.values.resize(n * rows_per_sample * factors);
    design.tag_names = {"saltelli_sample", "saltelli_matrix"};
    design.tag_values.assign(2, std::vector<std::int64_t>(n * rows_per_sample));
    std::vector<std::int64_t>& sample_tag = design.tag_values[0];
    std::vector<std::int64_t>& matrix_tag = design.tag_values[1];

    for (std::size_t j = 0; j < n; ++j) {
        const double* a = &base[j * base_dimensions];
        const double* b = a + factors;
        for (std::size_t block = 0; block < rows_per_sample; ++block) {
            const std::size_t row = j * rows_per_sample + block;
            double* out = &design.values[row * factors];
            const double* source = block == 1 ? b : a;
            for (std::size_t f = 0; f < factors; ++f) out[f] = source[f];
            if (block >= 2) out[block - 2] = b[block - 2];  // AB_i: A with column i from B
            sample_tag[row] = static_cast<std::int64_t>(j);
            matrix_tag[row] = static_cast<std::int64_t>(block);
        }
    }
    return design;
}

}  // namespace trustsim::sweep
