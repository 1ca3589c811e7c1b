#include "tests/fuzz/entry_points.hpp"

#include "models/registry.hpp"
#include "sim/config.hpp"
#include "sim/hdf5/checkpoint.hpp"
#include "sim/hdf5/file.hpp"
#include "sim/hdf5/isolated_read.hpp"
#include "sim/hdf5/run_reader.hpp"
#include "sim/simulation.hpp"
#include "sweep/journal.hpp"
#include "sweep/plan.hpp"

#include <unistd.h>

#include <chrono>
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
            // A command-line argument cannot hold a NUL: it ends one, like a line end.
            std::size_t end = bytes.find_first_of(std::string_view("\n\0", 2), start);
            if (end == std::string_view::npos) end = bytes.size();
            overrides.push_back(parse_override(std::string(bytes.substr(start, end - start))));
            start = end + 1;
        }
        load_scenario(base, overrides, vocabulary());
        return {true, "", {"--set", base}, false};
    } catch (const ConfigError& e) {
        // Not `yaml`: most messages are about the argument, not a place in a file; a YAML error in
        // a value gives its column, which the regression test checks.
        return refused(e.what(), {"--set", base}, false);
    }
}

namespace {

/// Reads the fuzz input as a little program that builds an HDF5 file through the HDF5 API.
class Script {
  public:
    explicit Script(std::string_view bytes) : bytes_(bytes) {}
    bool done() const { return at_ >= bytes_.size(); }
    std::uint8_t byte() { return done() ? 0 : static_cast<std::uint8_t>(bytes_[at_++]); }
    std::string text(std::size_t max) {
        // The length byte is read first: evaluated after the bytes left, it could make n reach
        // one past the end, which the next substr(at_) refuses.
        const std::size_t wanted = byte() % (max + 1);
        const std::size_t n = std::min<std::size_t>(wanted, bytes_.size() - std::min(at_, bytes_.size()));
        std::string out(bytes_.substr(at_, n));
        at_ += n;
        return out;
    }
    template <class T>
    T value() {
        T v{};
        const std::size_t n = std::min(sizeof v, bytes_.size() - std::min(at_, bytes_.size()));
        std::memcpy(&v, bytes_.data() + at_, n);
        at_ += n;
        return v;
    }

  private:
    std::string_view bytes_;
    std::size_t at_ = 0;
};

/// A small valid checkpoint's scenario and the columns its model saves, to build near-valid files.
struct SmallRun {
    std::string config_yaml;
    std::vector<std::pair<std::string, std::pair<std::size_t, std::size_t>>> columns;  // name, bytes, element size
};

const SmallRun& small_run() {
    static const SmallRun run = [] {
        SmallRun r;
        ScenarioConfig config = load_scenario(config_dir() + "/demo.yaml",
                                              {{"organisation.agents", "30", {}}, {"steps", "5", {}}}, vocabulary());
        r.config_yaml = to_yaml(config);
        Simulation simulation(RunPlan{config, "", 1}, &create_model);
        struct Columns final : StateSink {
            SmallRun& into;
            explicit Columns(SmallRun& r_) : into(r_) {}
            void column(const std::string& name, std::span<const std::byte> b, std::size_t element) override {
                into.columns.push_back({name, {b.size(), element}});
            }
        } sink(r);
        simulation.model().save_state(sink);
        return r;
    }();
    return run;
}

/// Builds an HDF5 file from the script: attributes of every kind trustsim reads (and some it does
/// not), datasets of several types and shapes, and a checkpoint's /state columns of right or wrong
/// size. The file's structure is valid by construction, so the reader code behind H5Fopen is what
/// the fuzzer explores, with full coverage.
void build_file(Script& script, const std::string& path) {
    static const char* const names[] = {"format", "format_version", "steps_done", "config_yaml", "seed",
                                        "replicate", "agents", "units", "description", "element_size"};
    static const char* const formats[] = {"trustsim-run", "trustsim-checkpoint", "trustsim-sweep"};
    hdf5::silence_library_errors();
    hdf5::Handle file = hdf5::create_file(path);
    hdf5::Handle state;
    hid_t last = file.id();
    std::vector<hdf5::Handle> open;
    const auto name_of = [&] {
        const std::uint8_t pick = script.byte();
        return pick < 200 ? std::string(names[pick % std::size(names)]) : script.text(12);
    };
    for (int op = 0; op < 64 && !script.done(); ++op) {
        const std::uint8_t code = script.byte();
        const hid_t where = code & 0x80 ? last : file.id();
        const std::string name = name_of();
        if (H5Aexists(where, name.c_str()) > 0) H5Adelete(where, name.c_str());
        switch (code % 8) {
            case 0: hdf5::write_attribute(where, name, std::string(formats[script.byte() % 3])); break;
            case 1: hdf5::write_attribute(where, name, script.text(40)); break;
            case 2: hdf5::write_attribute(where, name, small_run().config_yaml); break;
            case 3: hdf5::write_attribute(where, name, script.value<double>()); break;
            case 4: hdf5::write_attribute(where, name, script.value<std::uint32_t>() % 8); break;
            case 5: {  // an attribute of several values, or a fixed-length string
                const hsize_t n = script.byte() % 4;
                hdf5::Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "space");
                hdf5::Handle type(H5Tcopy(code & 0x40 ? H5T_NATIVE_INT32 : H5T_C_S1), H5Tclose, "type");
                if (!(code & 0x40)) H5Tset_size(type.id(), 1 + script.byte() % 8);
                hdf5::Handle attribute(H5Acreate2(where, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT),
                                       H5Aclose, "attribute");
                std::vector<char> data(64, 'x');
                for (char& c : data) c = static_cast<char>(script.byte());
                H5Awrite(attribute.id(), type.id(), data.data());
                break;
            }
            case 6: {  // a state column, named as the model names them, of the right size or not
                if (!state) state = H5Lexists(file.id(), "state", H5P_DEFAULT) > 0 ? hdf5::open_group(file.id(), "state")
                                                                                   : hdf5::create_group(file.id(), "state");
                const auto& columns = small_run().columns;
                const auto& [column, sizes] = columns[script.byte() % columns.size()];
                if (H5Lexists(state.id(), column.c_str(), H5P_DEFAULT) > 0) break;
                std::size_t size = sizes.first;
                if (code & 0x40) size = script.byte();
                std::vector<std::uint8_t> data(size);
                for (auto& b : data) b = script.byte();
                hdf5::write_array<std::uint8_t>(state.id(), column, data, "bytes", "fuzzed column", {});
                hdf5::Handle dataset = hdf5::open_dataset(state.id(), column);
                hdf5::write_attribute(dataset.id(), "element_size",
                                      std::uint64_t{code & 0x20 ? script.byte() : sizes.second});
                last = dataset.id();
                open.push_back(std::move(dataset));
                break;
            }
            case 7: {  // a dataset of another type or shape
                const std::string dataset_name = std::string("d").append(std::to_string(op));
                const std::uint8_t kind = script.byte();
                std::vector<double> values(script.byte() % 16);
                for (double& v : values) v = script.value<float>();
                if (kind % 3 == 0) {
                    hdf5::write_array<double>(file.id(), dataset_name, values, script.text(8), script.text(8), {});
                } else if (kind % 3 == 1) {
                    hdf5::write_strings(file.id(), dataset_name, {script.text(8), script.text(8)}, "text", "strings");
                } else {
                    const hsize_t dims[] = {script.byte() % 4u, script.byte() % 4u};
                    hdf5::Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose, "space");
                    hdf5::Handle dataset(H5Dcreate2(file.id(), dataset_name.c_str(), H5T_NATIVE_INT16, space.id(),
                                                    H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose, "dataset");
                    std::vector<std::int16_t> data(dims[0] * dims[1], 7);
                    if (!data.empty()) H5Dwrite(dataset.id(), H5T_NATIVE_INT16, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data());
                }
                hdf5::Handle dataset = hdf5::open_dataset(file.id(), dataset_name);
                last = dataset.id();
                open.push_back(std::move(dataset));
                break;
            }
        }
    }
    open.clear();
    state.close();
    file.close_checked("fuzz file " + path);
}

/// What `info --hashes`, `info --config` and `run --from` do with a file.
void read_as_the_cli_does(const std::string& path, hdf5::Isolation isolation) {
    report_run_file(path, true, isolation);
    run_config_yaml(path, isolation);
    CheckpointFile checkpoint(path, isolation);
    const ScenarioConfig saved = parse_scenario(checkpoint.config_yaml(), path + " (its scenario)", {}, vocabulary());
    if (saved.organisation.agents <= 5000) {
        Simulation simulation(RunPlan{saved, "", 1}, &create_model);
        simulation.restore(checkpoint, checkpoint.steps_done(), saved);
    }
}

}  // namespace

Outcome run_file(std::string_view bytes) {
    // A raw file the HDF5 library loops on is stopped after this much time and reported as
    // damaged: below scripts/fuzz's ten-second limit per input, which would call it a hang.
    // The inputs are at most a few kB, so three seconds is ample for any read that ends.
    hdf5::set_isolated_read_base_time(std::chrono::seconds(3));
    const std::string path = (scratch() / "fuzz-run.h5").string();
    const bool raw = bytes.empty() || bytes[0] == 0;
    if (raw) {
        write_file(path, bytes.empty() ? bytes : bytes.substr(1));
    } else {
        Script script(bytes.substr(1));
        try {
            build_file(script, path);
        } catch (const hdf5::Hdf5Error&) {
            return {true, "", {path}, false};  // a script HDF5 refuses to carry out (e.g. an empty name)
        }
    }
    try {
        // Raw bytes may crash the HDF5 library itself: read them as the CLI does, isolated. A
        // built file is valid HDF5, read in-process so that the fuzzer sees the readers' coverage.
        read_as_the_cli_does(path, raw ? hdf5::Isolation::child_process : hdf5::Isolation::none);
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
