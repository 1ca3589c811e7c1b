// Sweep files and their expansion into run plans: sizes per design, derived seeds, value mapping,
// and the validation messages (file:line:col) that stop a bad sweep before anything runs.
#include "models/registry.hpp"
#include "sweep/plan.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

using namespace trustsim;
using namespace trustsim::sweep;

namespace {

// The registry's vocabulary: factor paths are checked against the model's own sections.
const ConfigVocabulary vocabulary = config_vocabulary();

std::string write_sweep(const std::string& name, const std::string& body) {
    // The process id keeps concurrent test processes (ctest -j2, other checkouts) apart.
    const auto path = std::filesystem::temp_directory_path() /
                      ("trustsim_sweep_" + std::to_string(::getpid()) + "_" + name + ".yaml");
    std::ofstream(path) << "scenario: " << TRUSTSIM_CONFIG_DIR << "/demo.yaml\n" << body;
    return path.string();
}

SweepPlan plan_of(const std::string& name, const std::string& body) {
    const std::string path = write_sweep(name, body);
    struct RemoveAtExit {
        const std::string& path;
        ~RemoveAtExit() {
            std::error_code ignored;
            std::filesystem::remove(path, ignored);
        }
    } remove_at_exit{path};
    return expand_plan(load_sweep(path, vocabulary), vocabulary);
}

std::string error_of(const std::string& name, const std::string& body) {
    try {
        plan_of(name, body);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "no error";
}

const char* two_factors =
    "factors:\n"
    "  - {path: leadership.overrides.humility, range: [0, 1]}\n"
    "  - {path: leadership.style, levels: [infallible, humble]}\n";

}  // namespace

TEST_CASE("each design expands to its documented number of runs", "[sweep]") {
    CHECK(plan_of("lhs", "replicates: 3\ndesign: {type: lhs, samples: 10}\n" + std::string(two_factors)).runs.size() == 30);
    CHECK(plan_of("random", "design: {type: random, samples: 7}\n" + std::string(two_factors)).runs.size() == 7);
    const SweepPlan saltelli = plan_of("saltelli", "design: {type: saltelli, samples: 8}\n" + std::string(two_factors));
    CHECK(saltelli.runs.size() == 8 * (2 + 2));
    CHECK(saltelli.tag_names == std::vector<std::string>{"saltelli_sample", "saltelli_matrix"});
    const SweepPlan morris = plan_of("morris", "design: {type: morris, trajectories: 5, levels: 4}\n" + std::string(two_factors));
    CHECK(morris.runs.size() == 5 * (2 + 1));
    const SweepPlan grid = plan_of("grid", "replicates: 2\ndesign: {type: grid}\nfactors:\n"
                                           "  - {path: organisation.k_lat, range: [2, 8], points: 4}\n"
                                           "  - {path: trust.mode, levels: [slow, swift]}\n");
    REQUIRE(grid.runs.size() == 4 * 2 * 2);
    std::set<std::string> k_lat;
    for (const PlannedRun& run : grid.runs) k_lat.insert(run.values[0]);
    CHECK(k_lat == std::set<std::string>{"2", "4", "6", "8"});
}

TEST_CASE("run seeds come from the master seed and the design point, never seed + i", "[sweep]") {
    const SweepPlan plan = plan_of("seeds", "seed: 5\nreplicates: 4\ndesign: {type: lhs, samples: 50}\n" + std::string(two_factors));
    std::set<std::uint32_t> seeds;
    for (const PlannedRun& run : plan.runs) {
        CHECK(run.index == run.point * 4 + run.replicate);
        CHECK(run.seed == derive_seed(5, run.point));  // a pure function: order and worker do not enter
        if (run.replicate == 0) seeds.insert(run.seed);
    }
    CHECK(seeds.size() == 50);
    // Neighbouring points do not get neighbouring seeds, and the master seed moves every seed.
    int consecutive = 0;
    for (std::uint64_t p = 0; p + 1 < 50; ++p) consecutive += derive_seed(5, p + 1) - derive_seed(5, p) == 1 ? 1 : 0;
    CHECK(consecutive == 0);
    CHECK(derive_seed(6, 0) != derive_seed(5, 0));
    // The resolved scenario carries exactly that seed and replicate.
    const ScenarioConfig config = resolve_run_scenario(plan, plan.runs[7], vocabulary);
    CHECK(config.seed == plan.runs[7].seed);
    CHECK(config.replicate == plan.runs[7].replicate);
}

TEST_CASE("factor values follow their range, distribution and type", "[sweep]") {
    const SweepPlan plan = plan_of("values", "design: {type: lhs, samples: 40}\nfactors:\n"
                                             "  - {path: environment.jump_probability, distribution: loguniform, range: [0.001, 0.1]}\n"
                                             "  - {path: organisation.k_lat, range: [2, 10]}\n"
                                             "  - {path: trust.mode, levels: [slow, swift]}\n");
    int below_geometric_mid = 0;
    std::set<std::string> modes;
    for (const PlannedRun& run : plan.runs) {
        const double p = std::stod(run.values[0]);
        CHECK(p >= 0.001);
        CHECK(p <= 0.1);
        below_geometric_mid += p < 0.01 ? 1 : 0;
        const double k = std::stod(run.values[1]);
        CHECK(k == std::round(k));
        modes.insert(run.values[2]);
    }
    // LHS over a loguniform: exactly half the strata lie below the geometric midpoint 0.01.
    CHECK(below_geometric_mid == 20);
    CHECK(modes == std::set<std::string>{"slow", "swift"});
}

TEST_CASE("a bad sweep file is reported at its file, line and column", "[sweep]") {
    CHECK_THAT(error_of("unknown_key", "desing: {type: lhs}\n"),
               Catch::Contains("_unknown_key.yaml:2:1: unknown key 'desing'"));
    CHECK_THAT(error_of("bad_path", "design: {type: lhs, samples: 4}\nfactors:\n  - path: leadership.humility\n    range: [0, 1]\n"),
               Catch::Contains(":4:11: 'leadership.humility' is not a scenario parameter"));
    CHECK_THAT(error_of("bad_range", "design: {type: lhs, samples: 4}\nfactors:\n  - path: trust.forgetting\n    range: [0, 1]\n"),
               Catch::Contains(":5:12: range [0, 1] of 'trust.forgetting' leaves its valid range: it must be in (0, 1]"));
    CHECK_THAT(error_of("bad_level", "design: {type: grid}\nfactors:\n  - path: leadership.style\n    levels: [humble, charismatic]\n"),
               Catch::Contains(":5:22 (factor leadership.style): leadership.style: unknown leadership style 'charismatic'"));
    // A range end that breaks a rule between fields, found by parsing the scenario at that end.
    CHECK_THAT(error_of("cross_field", "design: {type: lhs, samples: 4}\nfactors:\n  - path: psych_safety.rate\n    range: [0.1, 0.9]\n"),
               Catch::Contains("(factor psych_safety.rate at 0.9): psych_safety.rate: rate * negativity must be <= 1"));
    CHECK_THAT(error_of("grid_points", "design: {type: grid}\nfactors:\n  - {path: trust.forgetting, range: [0.9, 1]}\n"),
               Catch::Contains("a grid needs discrete values"));
    CHECK_THAT(error_of("fixed", "set: {organisation.agentz: 5}\ndesign: {type: lhs, samples: 2}\n" + std::string(two_factors)),
               Catch::Contains(":2:28 (set.organisation.agentz): unknown key 'organisation.agentz'"));
}

TEST_CASE("a table design takes its factors from the CSV header and checks every row", "[sweep]") {
    const auto csv = std::filesystem::temp_directory_path() / ("trustsim_sweep_table_" + std::to_string(::getpid()) + ".csv");
    std::ofstream(csv) << "leadership.overrides.humility,trust.mode\n0.2,slow\n0.9,swift\n";
    const SweepPlan plan = plan_of("table", "replicates: 2\ndesign: {type: table, file: " + csv.string() + "}\n");
    REQUIRE(plan.runs.size() == 4);
    CHECK(plan.factors.size() == 2);
    CHECK(plan.runs[2].values == std::vector<std::string>{"0.9", "swift"});
    std::ofstream(csv) << "leadership.overrides.humility,trust.mode\n0.2,slow\n1.9,swift\n";
    CHECK_THAT(error_of("table_bad", "design: {type: table, file: " + csv.string() + "}\n"),
               Catch::Contains(csv.string() + ":3 (leadership.overrides.humility = 1.9): leadership.overrides.humility must be in [0, 1]"));
    std::filesystem::remove(csv);
}

TEST_CASE("every shipped sweep file is valid and expands", "[sweep]") {
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(TRUSTSIM_CONFIG_DIR) + "/sweeps")) {
        if (entry.path().extension() != ".yaml") continue;
        INFO(entry.path());
        const SweepPlan plan = expand_plan(load_sweep(entry.path().string(), vocabulary), vocabulary);
        CHECK(plan.runs.size() >= 36);
        ++files;
    }
    CHECK(files >= 3);
}
