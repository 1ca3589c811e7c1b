#include "tests/fuzz/entry_points.hpp"

#include "models/registry.hpp"
#include "sim/config.hpp"
#include "sim/hdf5/checkpoint.hpp"
#include "sim/hdf5/run_reader.hpp"
#include "sim/simulation.hpp"
#include "sweep/journal.hpp"
#include "sweep/plan.hpp"

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <regex>
#include <stdexcept>

namespace trustsim::fuzz {
namespace {

namespace fs = std::filesystem;

const ConfigVocabulary& vocabulary() {
    static const ConfigVocabulary v = config_vocabulary();
    return v;
}

std::string config_dir() { return TRUSTSIM_CONFIG_DIR; }

/// One scratch folder per process, removed at exit.
const fs::path& scratch() {
    static const fs::path dir = [] {
        std::string pattern = (fs::temp_directory_path() / "trustsim-fuzz-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a scratch folder: " + std::string(std::strerror(errno)));
        return fs::path(pattern);
    }();
    static const struct Cleanup {
        ~Cleanup() {
            std::error_code ignored;
            fs::remove_all(dir, ignored);
        }
    } cleanup;
    return dir;
}

void write_file(const fs::path& path, std::string_view bytes) {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) throw std::logic_error("cannot write " + path.string());
    if (!bytes.empty()) std::fwrite(bytes.data(), 1, bytes.size(), file);
    std::fclose(file);
}

std::uint64_t fnv1a(std::string_view bytes) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

template <class T>
void put(std::string& out, T value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

Outcome refused(std::string message, std::vector<std::string> subjects, bool yaml) {
    return {false, std::move(message), std::move(subjects), yaml};
}

}  // namespace

Outcome scenario_text(std::string_view bytes) {
    const std::string source = "fuzz-scenario.yaml";
    try {
        parse_scenario(std::string(bytes), source, {}, vocabulary());
        return {true, "", {source}, true};
    } catch (const ConfigError& e) {
        return refused(e.what(), {source}, true);
    }
}

Outcome sweep_text(std::string_view bytes) {
    const std::string source = config_dir() + "/sweeps/fuzz-sweep.yaml";
    try {
        sweep::SweepSpec spec = sweep::parse_sweep(std::string(bytes), source, vocabulary());
        if (sweep::planned_runs(spec) <= 2000) sweep::expand_plan(std::move(spec), vocabulary());
        return {true, "", {source}, true};
    } catch (const ConfigError& e) {
        // A message may also be about the scenario or design table the sweep names.
        return refused(e.what(), {source, "/"}, true);
    }
}

Outcome set_overrides(std::string_view bytes) {
    const std::string base = config_dir() + "/demo.yaml";
    try {
        std::vector<ConfigOverride> overrides;
        std::size_t start = 0;
        while (start < bytes.size()) {
            std::size_t end = bytes.find('\n', start);
            if (end == std::string_view::npos) end = bytes.size();
            overrides.push_back(parse_override(std::string(bytes.substr(start, end - start))));
            start = end + 1;
        }
        load_scenario(base, overrides, vocabulary());
        return {true, "", {"--set", base}, true};
    } catch (const ConfigError& e) {
        return refused(e.what(), {"--set", base}, true);
    }
}

Outcome run_file(std::string_view bytes) {
    const std::string path = (scratch() / "fuzz-run.h5").string();
    write_file(path, bytes);
    try {
        report_run_file(path, true);
        run_config_yaml(path);
        CheckpointFile checkpoint(path);
        const ScenarioConfig saved = parse_scenario(checkpoint.config_yaml(), path + " (its scenario)", {}, vocabulary());
        if (saved.organisation.agents <= 5000) {
            Simulation simulation(RunPlan{saved, "", 1}, &create_model);
            simulation.restore(checkpoint, checkpoint.steps_done(), saved);
        }
        return {true, "", {path}, false};
    } catch (const std::invalid_argument& e) {
        return refused(e.what(), {path}, false);
    } catch (const std::runtime_error& e) {  // ConfigError, Hdf5Error, ...
        return refused(e.what(), {path}, false);
    }
}

Outcome journal_file(std::string_view bytes) {
    const fs::path directory = scratch() / "journal";
    fs::create_directories(directory);
    const fs::path path = directory / "j-0.bin";
    std::string file;
    if (!bytes.empty() && bytes[0] != 0) {
        std::string_view rest = bytes.substr(1);
        while (rest.size() >= 2) {
            const std::size_t length = std::min<std::size_t>(rest.size() - 2, static_cast<unsigned char>(rest[0]) |
                                                                                    static_cast<std::size_t>(static_cast<unsigned char>(rest[1])) << 8);
            const std::string_view payload = rest.substr(2, length);
            put(file, std::uint32_t{0x52534A54});
            put(file, static_cast<std::uint32_t>(payload.size()));
            file.append(payload);
            put(file, fnv1a(payload));
            rest.remove_prefix(2 + length);
        }
    } else if (!bytes.empty()) {
        file = std::string(bytes.substr(1));
    }
    write_file(path, file);
    try {
        sweep::read_journals(directory);
        return {true, "", {path.string()}, false};
    } catch (const std::runtime_error& e) {
        return refused(e.what(), {path.string()}, false);
    }
}

std::string defect(const Outcome& outcome) {
    if (outcome.accepted) return "";
    if (outcome.error.empty()) return "the error message is empty";
    for (const std::string& subject : outcome.subjects) {
        if (!outcome.yaml) {
            if (outcome.error.find(subject) != std::string::npos) return "";
            continue;
        }
        if (outcome.error.rfind(subject, 0) != 0) continue;
        // "subject: message", "subject:line:col: message", or "subject(...)..." for a path.
        static const std::regex shape(R"(^[^\n]*?(:\d+:\d+)?: \S[\s\S]*$)");
        if (subject == "/" || std::regex_match(outcome.error, shape)) return "";
    }
    return "the error message does not name the file it is about: " + outcome.error;
}

const std::vector<Target>& targets() {
    static const std::vector<Target> all = {
        {"scenario", &scenario_text}, {"sweep", &sweep_text},      {"set", &set_overrides},
        {"run_file", &run_file},      {"journal", &journal_file},
    };
    return all;
}

}  // namespace trustsim::fuzz
