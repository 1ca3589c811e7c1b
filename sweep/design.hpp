// Experimental designs over k factors, as pure functions of their sizes and a seed.
//
// Every generator but the grid returns points in the unit hypercube [0,1)^k (Morris in [0,1]^k:
// its grid includes 1); the sweep layer (sweep/plan.cpp) maps each coordinate onto its factor (a
// range, a distribution or a list of levels). Keeping the designs on the unit cube means one tested implementation serves every
// factor type, and the structure a sensitivity estimator relies on (LHS strata, Saltelli's
// A/B/AB_i blocks, Morris one-at-a-time steps) is testable without any scenario.
//
// Randomness comes from Philox streams keyed by the design seed (see sim/rng.hpp; the low and
// high 32 bits of the seed form the key), so a design is identical on every machine and never
// depends on the order anything runs in. Invalid sizes throw std::invalid_argument with a message
// that names the design and the limit, fit to show in a sweep-file error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace trustsim::sweep {

/// rows x factors coordinates in [0,1) ([0,1] for Morris), row-major, plus per-row tags that say
/// where each row sits in the design's structure (written to the sweep manifest for the sensitivity analysis).
struct UnitDesign {
    std::size_t factors = 0;
    std::vector<double> values;  ///< values[row * factors + f]
    /// Design-specific row tags, one vector per tag name, each with one entry per row:
    /// saltelli: "saltelli_sample" (0..N-1), "saltelli_matrix" (0 = A, 1 = B, 2 + i = AB_i,
    /// i.e. A with column i taken from B, i the 0-based factor index); morris:
    /// "morris_trajectory" (0..r-1), "morris_step" (0..k; step s > 0 moved the 0-based factor
    /// "morris_factor" by +-delta, step 0 has morris_factor -1). Empty for the other designs.
    std::vector<std::string> tag_names;
    std::vector<std::vector<std::int64_t>> tag_values;

    std::size_t rows() const noexcept { return factors == 0 ? 0 : values.size() / factors; }
    double at(std::size_t row, std::size_t factor) const { return values[row * factors + factor]; }
};

/// Every combination of levels: rows of level indices, the last factor varying fastest.
/// level_counts[f] >= 1. The row count is the product of the counts.
std::vector<std::vector<std::size_t>> full_grid(const std::vector<std::size_t>& level_counts);

/// n independent uniform points. Row j depends only on (j, seed), so a longer design extends a
/// shorter one with the same seed. 1 <= n < 2^32, factors >= 1.
UnitDesign random_design(std::size_t n, std::size_t factors, std::uint64_t seed);

/// Latin hypercube: for every factor, each of the n strata [i/n, (i+1)/n) holds exactly one
/// point, placed uniformly inside its stratum; strata are permuted independently per factor
/// (Fisher-Yates). 1 <= n < 2^32, factors >= 1.
UnitDesign latin_hypercube(std::size_t n, std::size_t factors, std::uint64_t seed);

/// Saltelli's scheme for first-order and total Sobol indices (Saltelli 2002; Saltelli et al.
/// 2010): base matrices A and B from the unscrambled Sobol' sequence in 2k dimensions (A = the
/// first k coordinates, B = the last k; the all-zero first point is skipped), then for every
/// base sample j the k + 2 rows A_j, B_j, AB_j^(1), ..., AB_j^(k), in that order: N (k + 2)
/// rows. `seed` only shifts where in the sequence the base samples start: sample j is Sobol'
/// point 1 + seed + j (seed 0 = the start, which balances best, especially for N a power of 2).
/// Throws std::invalid_argument when 2k exceeds the dimensions of the direction-number table,
/// or when 1 + seed + N passes the sequence's 2^32 points.
UnitDesign saltelli(std::size_t n, std::size_t factors, std::uint64_t seed);

/// The largest k saltelli() supports (half the Sobol' table's dimensions).
std::size_t saltelli_max_factors();

/// Morris elementary-effect trajectories (Morris 1991): each of r trajectories starts at a
/// random point of the p-level grid {0, 1/(p-1), ..., 1} and moves one factor at a time, each
/// factor exactly once in a random order, by delta = p / (2 (p - 1)) up or down (staying inside
/// [0,1]). r (k + 1) rows. p must be even and >= 2. The standard construction: for each factor
/// a base level in {0, ..., 1 - delta} and a random direction; a factor moving up starts at its
/// base level, one moving down starts delta above it. Values lie exactly on the grid, so they
/// can be 1.0 (unlike the other designs).
UnitDesign morris(std::size_t trajectories, std::size_t factors, std::size_t levels, std::uint64_t seed);

/// The first `count` points of the unscrambled Sobol' sequence in `dimensions` dimensions
/// (Joe & Kuo direction numbers), starting at index `skip` (index 0 is the all-zero point),
/// row-major. Gray-code order with 32-bit direction numbers, so the points equal SciPy's
/// qmc.Sobol(dimensions, scramble=False). 1 <= dimensions <= 64 and skip + count <= 2^32;
/// count 0 gives an empty vector.
std::vector<double> sobol_points(std::size_t count, std::size_t dimensions, std::uint64_t skip);

/// A CSV table of explicit design rows: a header of column names, then one row per design
/// point. Values are kept as text (the sweep layer types them through the scenario schema).
struct DesignTable {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::size_t> row_lines;  ///< 1-based line of each row in the file, for messages
};

/// Reads a CSV design table (RFC 4180: commas, double-quoted fields with "" escapes, CRLF or
/// LF line ends, blank lines skipped, '#' comment lines skipped). Leniencies: a UTF-8 byte-order
/// mark is ignored, spaces and tabs around a field are trimmed (inside quotes they are kept), a
/// comment line is one whose first non-blank character is '#' outside quotes, and a line break
/// inside a quoted field is kept as '\n'. Throws std::runtime_error as "path:line:col: message"
/// (1-based; columns count characters) for a ragged row, an unterminated quote, text after a
/// closing quote, a quote inside an unquoted field, an empty or duplicated column name, or a
/// file with no rows; as "path: message" when the file cannot be read.
DesignTable read_design_table(const std::string& path);

}  // namespace trustsim::sweep
