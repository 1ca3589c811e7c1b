// The inputs trustsim reads from users, each fed through the same library calls the CLI makes.
//
// One entry point per fuzz target (docs/fuzzing.md). The libFuzzer drivers (fuzz_main.cpp, built
// with TRUSTSIM_FUZZ=ON and clang) and the regression test of the regular suite
// (test_fuzz_regressions.cpp, any compiler) both call these, so an input that once crashed or hung
// is replayed through exactly the code that failed on it.
//
// An entry point returns how the input ended: accepted, or refused with the error message the
// CLI would print. The exceptions the CLI turns into an error message (ConfigError for YAML;
// std::runtime_error and std::invalid_argument for files) are caught here; any other exception
// (std::out_of_range, std::bad_alloc, ...) escapes, and the drivers count it as a defect, like a
// crash. A refusal is clean only if its message starts with what it is about (clean_error()).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace trustsim::fuzz {

struct Outcome {
    bool accepted = false;
    std::string error;  ///< the message, when refused
    /// What a clean message must start with: the file (or `--set`) it is about.
    std::vector<std::string> subjects;
    /// The input was YAML: a message about a position in it gives `subject:line:col: `.
    bool yaml = false;
};

/// A scenario file's text, as `trustsim validate FILE` reads it (the model's vocabulary included).
Outcome scenario_text(std::string_view bytes);
/// A sweep file's text, as `trustsim sweep FILE --dry-run` reads and expands it (plans of at most
/// 2,000 runs are expanded; larger ones only counted, to stay inside the fuzzer's time limit). The
/// file sits in configs/sweeps/, so `scenario: ../demo.yaml` resolves.
Outcome sweep_text(std::string_view bytes);
/// One `--set key=value` argument per line (or NUL-separated), applied to configs/demo.yaml as `trustsim validate
/// configs/demo.yaml --set ...` does.
Outcome set_overrides(std::string_view bytes);
/// An HDF5 file, read as `trustsim info --hashes`, `trustsim info --config` and `trustsim run
/// --from` read it (the checkpoint is restored into a simulation of its scenario when that has
/// at most 5,000 agents; nothing is stepped). The first byte picks how the file is made: 0 takes
/// the rest as its bytes (mutated files; read in a child process as the CLI does, since the HDF5
/// library itself may crash on them); otherwise the rest builds a valid HDF5 file through the HDF5
/// API (attributes of any kind, datasets, a checkpoint's state columns of right or wrong sizes),
/// read in-process so that the fuzzer is guided by the coverage of trustsim's readers.
Outcome run_file(std::string_view bytes);
/// Bytes written as a sweep journal, read as `trustsim sweep --resume` reads a sweep directory.
/// The first byte picks how: 0 takes the rest as the file; otherwise the rest is a list of
/// records [u16 length][payload], framed here with a valid header and checksum, so that the
/// fuzzer reaches the record decoder behind the checksum.
Outcome journal_file(std::string_view bytes);

/// Why an outcome is not clean, or "" when it is.
std::string defect(const Outcome& outcome);

struct Target {
    const char* name;  ///< also the folder name under tests/fuzz/corpus/ and tests/fuzz/regressions/
    Outcome (*run)(std::string_view);
};
const std::vector<Target>& targets();

}  // namespace trustsim::fuzz
