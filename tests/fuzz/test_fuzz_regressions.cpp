// Every input a fuzzer found crashing, hanging or blowing memory (tests/fuzz/regressions/<target>/)
// and every seed of the fuzz corpus (tests/fuzz/corpus/<target>/) goes through the entry point
// that failed on it, in the regular suite: no clang and no libFuzzer needed. A regression must
// end in a clean error, one that names the file (and for YAML the line:col) it is about.
#include "tests/fuzz/entry_points.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>

namespace {

namespace fs = std::filesystem;
using namespace trustsim::fuzz;

std::vector<fs::path> files_in(const fs::path& folder) {
    std::vector<fs::path> files;
    if (!fs::is_directory(folder)) return files;
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (entry.is_regular_file() && entry.path().filename() != "README.md") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string bytes_of(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("every input the fuzzers found ends in a clean error naming its file", "[fuzz]") {
    std::size_t replayed = 0;
    for (const Target& target : targets()) {
        for (const fs::path& input : files_in(fs::path(TRUSTSIM_FUZZ_DIR) / "regressions" / target.name)) {
            INFO(target.name << " " << input.filename().string());
            const Outcome outcome = target.run(bytes_of(input));
            CHECK(defect(outcome).empty());
            if (outcome.accepted) continue;  // e.g. a journal whose damaged records are skipped
            INFO(outcome.error);
            if (outcome.yaml || outcome.error.find("not valid YAML") != std::string::npos) {
                // A YAML input that once broke the parser is refused at a place in it: a file's
                // line:col (and what there, e.g. "(set.steps)"), or for a --set value its column.
                static const std::regex position(R"(^[^\n]*?:\d+:\d+( \([^)\n]*\))?: [\s\S]+$|^--set [\s\S]*column \d+ of the value\)$)");
                CHECK(std::regex_match(outcome.error, position));
            }
            ++replayed;
        }
    }
    CHECK(replayed > 0);
}

TEST_CASE("every seed of the fuzz corpus goes through its entry point cleanly", "[fuzz]") {
    std::size_t seeds = 0, accepted = 0;
    for (const Target& target : targets()) {
        for (const fs::path& input : files_in(fs::path(TRUSTSIM_FUZZ_DIR) / "corpus" / target.name)) {
            INFO(target.name << " " << input.filename().string());
            const Outcome outcome = target.run(bytes_of(input));
            INFO(outcome.error);
            CHECK(defect(outcome).empty());
            ++seeds;
            accepted += outcome.accepted ? 1 : 0;
        }
    }
    CHECK(seeds >= targets().size());
    // The seeds are real scenarios, sweeps and files: most must be accepted, or the entry points
    // refuse everything and the fuzzers would only explore error paths.
    CHECK(accepted * 2 > seeds);
}
