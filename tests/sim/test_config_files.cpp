// Every scenario shipped in configs/ must load with the names the registries provide, and its
// resolved form must load again to the same configuration.
#include "models/registry.hpp"
#include "sim/config.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#ifndef TRUSTSIM_CONFIG_DIR
#error "TRUSTSIM_CONFIG_DIR must name the configs/ directory"
#endif

namespace fs = std::filesystem;

namespace {

/// configs/**/*.yaml, sorted, without configs/sweeps/ (sweep files have their own format).
std::vector<fs::path> scenario_files(const fs::path& root) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
        const fs::path relative = entry.path().lexically_relative(root);
        if (*relative.begin() == "sweeps") continue;
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TEST_CASE("every scenario in configs/ loads", "[config][files]") {
    // The registry's own names, so a new leadership style needs no change here.
    const trustsim::ConfigVocabulary vocabulary = trustsim::config_vocabulary();
    const std::vector<fs::path> files = scenario_files(TRUSTSIM_CONFIG_DIR);
    REQUIRE(files.size() >= 4);

    for (const auto& file : files) {
        DYNAMIC_SECTION(file.lexically_relative(TRUSTSIM_CONFIG_DIR).string()) {
            trustsim::ScenarioConfig config;
            try {
                config = trustsim::load_scenario(file.string(), {}, vocabulary);
            } catch (const trustsim::ConfigError& e) {
                FAIL(e.what());
            }
            const std::string resolved = trustsim::to_yaml(config);
            CHECK(trustsim::to_yaml(trustsim::parse_scenario(resolved, "resolved", {}, vocabulary)) == resolved);
        }
    }
}
