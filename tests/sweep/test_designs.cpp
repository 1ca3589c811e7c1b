// Experimental designs on the unit cube: each test checks the structural property a sweep or a
// sensitivity estimator relies on (grid order, LHS strata, Saltelli blocks, Sobol' nets, Morris
// one-at-a-time steps), plus determinism in the seed and the CSV reader's error positions.
#include "sweep/design.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace sweep = trustsim::sweep;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

bool all_in_half_open_unit_interval(const std::vector<double>& values) {
    return std::all_of(values.begin(), values.end(), [](double v) { return v >= 0.0 && v < 1.0; });
}

/// A private directory under the system temp directory, removed with everything in it.
class TempDirectory {
  public:
    TempDirectory()
        : path_(std::filesystem::temp_directory_path() / ("trustsim-test-designs-" + std::to_string(::getpid()))) {
        std::filesystem::create_directories(path_);
    }
    ~TempDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDirectory(const TempDirectory&) = delete;
    TempDirectory& operator=(const TempDirectory&) = delete;

    /// Writes `content` byte for byte (no newline translation) and returns the file's path.
    std::string write(const std::string& name, const std::string& content) const {
        const std::filesystem::path file = path_ / name;
        std::ofstream out(file, std::ios::binary);
        out << content;
        return file.string();
    }

  private:
    std::filesystem::path path_;
};

}  // namespace

// ------------------------------------------------------------------------------------ grid --

TEST_CASE("full grid: product of the level counts, last factor fastest, each combination once", "[design][grid]") {
    SECTION("small grid, explicit order") {
        const auto rows = sweep::full_grid({2, 3});
        const std::vector<std::vector<std::size_t>> expected{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}};
        CHECK(rows == expected);
    }
    SECTION("larger grid") {
        const std::vector<std::size_t> counts{3, 1, 4, 2};
        const auto rows = sweep::full_grid(counts);
        REQUIRE(rows.size() == 3 * 1 * 4 * 2);
        for (const auto& row : rows) {
            REQUIRE(row.size() == counts.size());
            for (std::size_t f = 0; f < counts.size(); ++f) CHECK(row[f] < counts[f]);
        }
        // Strictly increasing in lexicographic order: the last factor varies fastest, and with
        // the row count equal to the number of combinations every combination appears exactly once.
        for (std::size_t r = 1; r < rows.size(); ++r) CHECK(rows[r - 1] < rows[r]);
        CHECK(std::set<std::vector<std::size_t>>(rows.begin(), rows.end()).size() == rows.size());
        CHECK(rows.front() == std::vector<std::size_t>{0, 0, 0, 0});
        CHECK(rows.back() == std::vector<std::size_t>{2, 0, 3, 1});
    }
    SECTION("one factor") { CHECK(sweep::full_grid({3}) == std::vector<std::vector<std::size_t>>{{0}, {1}, {2}}); }
}

TEST_CASE("full grid: invalid level counts throw", "[design][grid]") {
    CHECK_THROWS_AS(sweep::full_grid({}), std::invalid_argument);
    CHECK_THROWS_WITH(sweep::full_grid({2, 0, 3}), Contains("factor 2 of 3 has no levels"));
    const std::size_t huge = std::size_t{1} << 33;
    CHECK_THROWS_WITH(sweep::full_grid({huge, huge}), Contains("overflows"));
}

// ---------------------------------------------------------------------- random and LHS --

TEST_CASE("random design: uniform points in the unit interval, a pure function of the seed", "[design][random]") {
    const auto design = sweep::random_design(200, 3, 11);
    REQUIRE(design.factors == 3);
    REQUIRE(design.rows() == 200);
    CHECK(all_in_half_open_unit_interval(design.values));
    CHECK(design.tag_names.empty());

    CHECK(sweep::random_design(200, 3, 11).values == design.values);
    CHECK(sweep::random_design(200, 3, 12).values != design.values);
    // Both halves of the 64-bit seed count.
    CHECK(sweep::random_design(200, 3, 11 + (std::uint64_t{1} << 32)).values != design.values);

    // Row j does not depend on n: a longer design extends a shorter one.
    const auto longer = sweep::random_design(300, 3, 11);
    CHECK(std::equal(design.values.begin(), design.values.end(), longer.values.begin()));

    // Not degenerate: the mean of 600 uniforms is 0.5 with a standard error of about 0.012.
    double sum = 0;
    for (double v : design.values) sum += v;
    CHECK(sum / static_cast<double>(design.values.size()) == Approx(0.5).margin(0.06));
}

TEST_CASE("Latin hypercube: exactly one point in each stratum of each factor", "[design][lhs]") {
    const std::size_t n = 50;
    const std::size_t k = 4;
    const auto design = sweep::latin_hypercube(n, k, 2024);
    REQUIRE(design.factors == k);
    REQUIRE(design.rows() == n);
    CHECK(all_in_half_open_unit_interval(design.values));
    for (std::size_t f = 0; f < k; ++f) {
        std::vector<int> points_in_stratum(n, 0);
        for (std::size_t row = 0; row < n; ++row) {
            const double v = design.at(row, f);
            ++points_in_stratum[static_cast<std::size_t>(std::floor(v * static_cast<double>(n)))];
        }
        CHECK(std::all_of(points_in_stratum.begin(), points_in_stratum.end(), [](int c) { return c == 1; }));
    }
    // The strata are permuted independently per factor, not aligned across factors.
    int same_stratum = 0;
    for (std::size_t row = 0; row < n; ++row) {
        same_stratum += std::floor(design.at(row, 0) * 50) == std::floor(design.at(row, 1) * 50) ? 1 : 0;
    }
    CHECK(same_stratum < 10);

    CHECK(sweep::latin_hypercube(n, k, 2024).values == design.values);
    CHECK(sweep::latin_hypercube(n, k, 2025).values != design.values);
    CHECK(sweep::latin_hypercube(1, 2, 7).rows() == 1);
}

TEST_CASE("random design and Latin hypercube: invalid sizes throw", "[design][random][lhs]") {
    CHECK_THROWS_AS(sweep::random_design(0, 2, 1), std::invalid_argument);
    CHECK_THROWS_AS(sweep::random_design(10, 0, 1), std::invalid_argument);
    CHECK_THROWS_WITH(sweep::latin_hypercube(0, 2, 1), Contains("at least 1"));
    CHECK_THROWS_AS(sweep::latin_hypercube(10, 0, 1), std::invalid_argument);
    CHECK_THROWS_AS(sweep::latin_hypercube(std::size_t{1} << 33, 1, 1), std::invalid_argument);
}

// ------------------------------------------------------------------------------- Sobol' --

TEST_CASE("Sobol' points match SciPy's unscrambled sequence", "[design][sobol]") {
    // Reference values computed once with SciPy 1.10.1:
    //   /usr/bin/python3 -c "from scipy.stats import qmc; print(qmc.Sobol(5, scramble=False).random(16))"
    // SciPy's output for d = 1..4 is exactly the first d columns of this table (checked with the
    // same command for each d), so one table serves every d.
    const std::array<std::array<double, 5>, 16> reference{{
        {0.0, 0.0, 0.0, 0.0, 0.0},
        {0.5, 0.5, 0.5, 0.5, 0.5},
        {0.75, 0.25, 0.25, 0.25, 0.75},
        {0.25, 0.75, 0.75, 0.75, 0.25},
        {0.375, 0.375, 0.625, 0.875, 0.375},
        {0.875, 0.875, 0.125, 0.375, 0.875},
        {0.625, 0.125, 0.875, 0.625, 0.625},
        {0.125, 0.625, 0.375, 0.125, 0.125},
        {0.1875, 0.3125, 0.9375, 0.4375, 0.5625},
        {0.6875, 0.8125, 0.4375, 0.9375, 0.0625},
        {0.9375, 0.0625, 0.6875, 0.1875, 0.3125},
        {0.4375, 0.5625, 0.1875, 0.6875, 0.8125},
        {0.3125, 0.1875, 0.3125, 0.5625, 0.9375},
        {0.8125, 0.6875, 0.8125, 0.0625, 0.4375},
        {0.5625, 0.4375, 0.0625, 0.8125, 0.1875},
        {0.0625, 0.9375, 0.5625, 0.3125, 0.6875},
    }};
    for (std::size_t d = 1; d <= 5; ++d) {
        CAPTURE(d);
        const auto points = sweep::sobol_points(16, d, 0);
        REQUIRE(points.size() == 16 * d);
        for (std::size_t i = 0; i < 16; ++i) {
            for (std::size_t j = 0; j < d; ++j) CHECK(points[i * d + j] == reference[i][j]);
        }
    }
}

TEST_CASE("Sobol' points in all 64 dimensions match SciPy past every initial direction number", "[design][sobol]") {
    // Points 1000 and 70001 exercise the recurrence beyond m_s for every dimension (s <= 9 here).
    // Values are numerators over 2^30, from
    //   s = qmc.Sobol(64, scramble=False); s.fast_forward(i); [int(v * 2**30) for v in s.random(1)[0]]
    const std::array<std::uint32_t, 64> point_1000{
        235929600,  103809024,  556793856,  726663168, 300941312,  974127104, 49283072,  965738496, 537919488,
        74448896,   91226112,   273678336,  173015040, 412090368,  154140672, 397410304, 772800512, 370147328,
        1064304640, 779091968,  560988160,  590348288, 1020264448, 579862528, 625999872, 974127104, 42991616,
        1051721728, 63963136,   365953024,  158334976, 156237824,  317718528, 636485632, 860880896, 827326464,
        911212544,  892338176,  330301440,  514850816, 980418560,  273678336, 1030750208, 753926144, 902823936,
        99614720,   936378368,  986710016,  1072693248, 514850816, 378535936, 554696704, 808452096, 470810624,
        135266304,  957349888,  487587840,  84934656,  948961280,  613416960, 479199232, 646971392, 277872640,
        479199232};
    const std::array<std::uint32_t, 64> point_70001{
        619077632,  679600128, 665542656, 288661504, 828448768, 758177792, 826138624, 1005936640, 325836800,
        66707456,   741777408, 778248192, 479354880, 316973056, 932798464, 933470208, 964861952,  478797824,
        113156096,  811737088, 361373696, 964304896, 972972032, 659218432, 362864640, 545316864,  640180224,
        750297088,  1065197568, 518234112, 79028224, 457678848, 576806912, 397500416, 652156928,  168108032,
        572334080,  794517504, 511991808, 388128768, 699490304, 1031036928, 890691584, 555114496, 797204480,
        659120128,  551542784, 578871296, 974413824, 1016422400, 504815616, 727343104, 960913408, 296509440,
        714891264,  518348800, 764616704, 554622976, 798334976, 223453184, 323280896, 537993216,  919592960,
        556015616};
    const auto at_1000 = sweep::sobol_points(1, 64, 1000);
    const auto at_70001 = sweep::sobol_points(1, 64, 70001);
    for (std::size_t d = 0; d < 64; ++d) {
        CAPTURE(d);
        CHECK(at_1000[d] == std::ldexp(static_cast<double>(point_1000[d]), -30));
        CHECK(at_70001[d] == std::ldexp(static_cast<double>(point_70001[d]), -30));
    }
}

TEST_CASE("Sobol' points: starting at an index equals skipping ahead", "[design][sobol]") {
    const std::size_t d = 64;
    const auto from_start = sweep::sobol_points(1300, d, 0);
    const auto from_1000 = sweep::sobol_points(300, d, 1000);
    CHECK(std::equal(from_1000.begin(), from_1000.end(), from_start.begin() + 1000 * d));
    CHECK(all_in_half_open_unit_interval(from_start));
    CHECK(sweep::sobol_points(0, 3, 0).empty());
}

TEST_CASE("Sobol' points: 2^m points in 2-D form a (0,m,2)-net", "[design][sobol]") {
    // Every elementary interval [i/2^a, (i+1)/2^a) x [j/2^b, (j+1)/2^b) with a + b = m holds
    // exactly one point, for each block of 2^m consecutive points starting at a multiple of 2^m.
    const int m = 8;
    const std::size_t count = std::size_t{1} << m;
    for (const std::uint64_t skip : {std::uint64_t{0}, std::uint64_t{count}, std::uint64_t{5 * count}}) {
        const auto points = sweep::sobol_points(count, 2, skip);
        for (int a = 0; a <= m; ++a) {
            const int b = m - a;
            std::vector<int> points_in_box(count, 0);
            for (std::size_t i = 0; i < count; ++i) {
                const auto column = static_cast<std::size_t>(std::ldexp(points[2 * i], a));
                const auto row = static_cast<std::size_t>(std::ldexp(points[2 * i + 1], b));
                ++points_in_box[(column << b) + row];
            }
            CAPTURE(skip, a, b);
            CHECK(std::all_of(points_in_box.begin(), points_in_box.end(), [](int c) { return c == 1; }));
        }
    }
}

TEST_CASE("Sobol' points: invalid requests throw", "[design][sobol]") {
    CHECK_THROWS_AS(sweep::sobol_points(4, 0, 0), std::invalid_argument);
    CHECK_THROWS_WITH(sweep::sobol_points(4, 65, 0), Contains("between 1 and 64"));
    CHECK_THROWS_AS(sweep::sobol_points(4, 2, (std::uint64_t{1} << 32) - 3), std::invalid_argument);
    CHECK_NOTHROW(sweep::sobol_points(3, 2, (std::uint64_t{1} << 32) - 3));
}

// ----------------------------------------------------------------------------- Saltelli --

TEST_CASE("Saltelli: N (k + 2) rows of A, B and AB_i blocks from the Sobol' sequence", "[design][saltelli]") {
    const std::size_t n = 16;
    const std::size_t k = 3;
    const std::uint64_t seed = 5;
    const auto design = sweep::saltelli(n, k, seed);
    REQUIRE(design.factors == k);
    REQUIRE(design.rows() == n * (k + 2));
    REQUIRE(design.tag_names == std::vector<std::string>{"saltelli_sample", "saltelli_matrix"});
    REQUIRE(design.tag_values.size() == 2);
    REQUIRE(design.tag_values[0].size() == design.rows());
    REQUIRE(design.tag_values[1].size() == design.rows());
    CHECK(all_in_half_open_unit_interval(design.values));

    // A and B are the first and last k coordinates of the 2k-dimensional points 1 + seed onward.
    const auto base = sweep::sobol_points(n, 2 * k, 1 + seed);
    for (std::size_t j = 0; j < n; ++j) {
        CAPTURE(j);
        const std::size_t first = j * (k + 2);
        const std::size_t row_a = first;
        const std::size_t row_b = first + 1;
        for (std::size_t f = 0; f < k; ++f) {
            CHECK(design.at(row_a, f) == base[j * 2 * k + f]);
            CHECK(design.at(row_b, f) == base[j * 2 * k + k + f]);
        }
        for (std::size_t block = 0; block < k + 2; ++block) {
            CHECK(design.tag_values[0][first + block] == static_cast<std::int64_t>(j));
            CHECK(design.tag_values[1][first + block] == static_cast<std::int64_t>(block));
        }
        for (std::size_t i = 0; i < k; ++i) {
            const std::size_t row_ab = first + 2 + i;
            for (std::size_t f = 0; f < k; ++f) {
                CAPTURE(i, f);
                CHECK(design.at(row_ab, f) == (f == i ? design.at(row_b, f) : design.at(row_a, f)));
            }
        }
    }
    // The all-zero point (index 0) is skipped even with seed 0.
    const auto from_start = sweep::saltelli(n, k, 0);
    for (std::size_t row = 0; row < from_start.rows(); ++row) {
        bool all_zero = true;
        for (std::size_t f = 0; f < k; ++f) all_zero = all_zero && from_start.at(row, f) == 0.0;
        CHECK_FALSE(all_zero);
    }

    CHECK(sweep::saltelli(n, k, 0).values == sweep::saltelli(n, k, 0).values);
    CHECK(sweep::saltelli(n, k, 0).at(0, 0) == 0.5);  // seed 0 starts at point 1, (0.5, ..., 0.5)
    CHECK(sweep::saltelli(n, k, 1).values != sweep::saltelli(n, k, 0).values);
}

TEST_CASE("Saltelli: invalid sizes throw", "[design][saltelli]") {
    CHECK(sweep::saltelli_max_factors() == 32);
    CHECK_NOTHROW(sweep::saltelli(2, sweep::saltelli_max_factors(), 0));
    CHECK_THROWS_WITH(sweep::saltelli(2, sweep::saltelli_max_factors() + 1, 0), Contains("at most 32 factors"));
    CHECK_THROWS_AS(sweep::saltelli(0, 2, 0), std::invalid_argument);
    CHECK_THROWS_AS(sweep::saltelli(4, 0, 0), std::invalid_argument);
    CHECK_THROWS_WITH(sweep::saltelli(4, 2, std::uint64_t{1} << 40), Contains("use a seed of at most"));
    CHECK_THROWS_AS(sweep::saltelli(4, 2, ~std::uint64_t{0}), std::invalid_argument);
}

// ------------------------------------------------------------------------------- Morris --

TEST_CASE("Morris: trajectories move each factor once by exactly +-delta on the p-level grid", "[design][morris]") {
    for (const std::size_t p : {std::size_t{2}, std::size_t{4}, std::size_t{6}}) {
        CAPTURE(p);
        const std::size_t r = 40;
        const std::size_t k = 5;
        const auto design = sweep::morris(r, k, p, 99);
        REQUIRE(design.factors == k);
        REQUIRE(design.rows() == r * (k + 1));
        REQUIRE(design.tag_names == std::vector<std::string>{"morris_trajectory", "morris_step", "morris_factor"});
        REQUIRE(design.tag_values.size() == 3);
        for (const auto& tag : design.tag_values) REQUIRE(tag.size() == design.rows());

        const double top = static_cast<double>(p - 1);
        const double delta = static_cast<double>(p) / (2.0 * top);
        const auto half = static_cast<long>(p / 2);
        // Every value lies on the grid {0, 1/(p-1), ..., 1}; the level index is exact.
        auto level = [&](std::size_t row, std::size_t f) {
            const double scaled = design.at(row, f) * top;
            REQUIRE(std::abs(scaled - std::round(scaled)) < 1e-9);
            return std::lround(scaled);
        };
        for (double v : design.values) CHECK((v >= 0.0 && v <= 1.0));

        int moves_up = 0;
        int moves_down = 0;
        for (std::size_t t = 0; t < r; ++t) {
            CAPTURE(t);
            std::vector<int> times_moved(k, 0);
            const std::size_t first = t * (k + 1);
            CHECK(design.tag_values[0][first] == static_cast<std::int64_t>(t));
            CHECK(design.tag_values[1][first] == 0);
            CHECK(design.tag_values[2][first] == -1);
            for (std::size_t step = 1; step <= k; ++step) {
                const std::size_t row = first + step;
                CHECK(design.tag_values[0][row] == static_cast<std::int64_t>(t));
                CHECK(design.tag_values[1][row] == static_cast<std::int64_t>(step));
                std::size_t changed = 0;
                std::size_t changed_factor = k;
                for (std::size_t f = 0; f < k; ++f) {
                    const long difference = level(row, f) - level(row - 1, f);
                    if (difference == 0) continue;
                    ++changed;
                    changed_factor = f;
                    CHECK(std::labs(difference) == half);
                    CHECK(std::abs(design.at(row, f) - design.at(row - 1, f)) == Approx(delta).margin(1e-12));
                    (difference > 0 ? moves_up : moves_down) += 1;
                }
                REQUIRE(changed == 1);
                CHECK(design.tag_values[2][row] == static_cast<std::int64_t>(changed_factor));
                ++times_moved[changed_factor];
            }
            CHECK(std::all_of(times_moved.begin(), times_moved.end(), [](int c) { return c == 1; }));
        }
        // Directions are random: 200 moves are not all one way.
        CHECK(moves_up > 40);
        CHECK(moves_down > 40);
    }
}

TEST_CASE("Morris: a pure function of the seed, and the grid's top level is reachable", "[design][morris]") {
    const auto design = sweep::morris(20, 4, 4, 3);
    CHECK(sweep::morris(20, 4, 4, 3).values == design.values);
    CHECK(sweep::morris(20, 4, 4, 4).values != design.values);
    CHECK(std::find(design.values.begin(), design.values.end(), 1.0) != design.values.end());
    CHECK(std::find(design.values.begin(), design.values.end(), 0.0) != design.values.end());
}

TEST_CASE("Morris: invalid arguments throw", "[design][morris]") {
    CHECK_THROWS_WITH(sweep::morris(10, 3, 3, 0), Contains("even"));
    CHECK_THROWS_AS(sweep::morris(10, 3, 0, 0), std::invalid_argument);
    CHECK_THROWS_AS(sweep::morris(10, 3, 1, 0), std::invalid_argument);
    CHECK_THROWS_AS(sweep::morris(0, 3, 4, 0), std::invalid_argument);
    CHECK_THROWS_AS(sweep::morris(10, 0, 4, 0), std::invalid_argument);
    CHECK_NOTHROW(sweep::morris(1, 1, 2, 0));
}

// -------------------------------------------------------------------------- CSV tables --

TEST_CASE("design table: quoting, escapes, CRLF, comments, blank lines, trimming", "[design][csv]") {
    const TempDirectory dir;
    const std::string body =
        "# design points for the ablation\n"
        "name, \"weight, kg\" ,note\n"
        "\n"
        "  alpha , 1.5 ,\"he said \"\"hi\"\"\"\n"
        "# a comment between rows\n"
        "   \t \n"
        "beta,2,\"multi\nline\"\n"
        "gamma,,\"\"";  // no line end after the last row
    std::string crlf_body;
    for (char c : body) crlf_body += c == '\n' ? std::string("\r\n") : std::string(1, c);

    const std::vector<std::string> expected_columns{"name", "weight, kg", "note"};
    const std::vector<std::vector<std::string>> expected_rows{
        {"alpha", "1.5", "he said \"hi\""}, {"beta", "2", "multi\nline"}, {"gamma", "", ""}};
    const std::vector<std::size_t> expected_lines{4, 7, 9};

    for (const auto& [name, content] : std::vector<std::pair<std::string, std::string>>{
             {"lf.csv", body}, {"crlf.csv", crlf_body}, {"bom.csv", "\xEF\xBB\xBF" + crlf_body}}) {
        CAPTURE(name);
        const auto table = sweep::read_design_table(dir.write(name, content));
        CHECK(table.columns == expected_columns);
        CHECK(table.rows == expected_rows);
        CHECK(table.row_lines == expected_lines);
    }
}

TEST_CASE("design table: each error names path:line:col", "[design][csv]") {
    const TempDirectory dir;
    struct Case {
        const char* what;
        std::string content;
        std::string position;  // "line:col: " and the start of the message
    };
    const std::vector<Case> cases{
        {"surplus field", "a,b\n1,2\n1,2,3\n", "3:5: row has 3 fields but the header has 2 columns"},
        {"missing field", "a,b,c\n1,2\n", "2:4: row has 2 fields but the header has 3 columns"},
        {"missing field, CRLF and a multi-line field before", "a,b\r\n\"x\r\ny\",2\r\n1\r\n",
         "4:2: row has 1 field but the header has 2 columns"},
        {"columns count characters, not bytes", "a,b\n\"\xC3\xA9\",x,3\n", "2:7: row has 3 fields"},
        {"unterminated quote", "a,b\n1,\"abc\n2,3\n", "2:3: unterminated quoted field"},
        {"text after closing quote", "a,b\n\"x\"y,2\n", "2:4: unexpected text after the closing quote"},
        {"quote inside unquoted field", "a,b\nab\"c,2\n", "2:3: double quote inside an unquoted field"},
        {"empty column name", "a, ,c\n1,2,3\n", "1:4: empty column name (column 2)"},
        {"trailing comma in header", "a,b,\n1,2,3\n", "1:5: empty column name (column 3)"},
        {"duplicate column name", "x,y, x\n1,2,3\n", "1:6: duplicate column name 'x' (columns 1 and 3)"},
        {"header but no rows", "a,b\n# only a comment\n\n", "4:1: the design table has a header line but no rows"},
        {"empty file", "", "1:1: empty design table"},
        {"only comments", "# nothing\n  \n", "3:1: empty design table"},
    };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Case& c = cases[i];
        CAPTURE(c.what);
        const std::string path = dir.write("error-" + std::to_string(i) + ".csv", c.content);
        CHECK_THROWS_AS(sweep::read_design_table(path), std::runtime_error);
        CHECK_THROWS_WITH(sweep::read_design_table(path), StartsWith(path + ":" + c.position));
    }
}

TEST_CASE("design table: an unreadable path names the path", "[design][csv]") {
    const TempDirectory dir;
    const std::string missing = dir.write("present.csv", "a\n1\n") + ".missing";
    CHECK_THROWS_WITH(sweep::read_design_table(missing), StartsWith(missing + ": cannot open"));
    const std::string directory = std::filesystem::path(missing).parent_path().string();
    CHECK_THROWS_WITH(sweep::read_design_table(directory), StartsWith(directory + ": is a directory"));
}
