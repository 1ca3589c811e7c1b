// Reading an HDF5 file in a child process, so that a crash of the HDF5 library is an error.
//
// The libhdf5 1.10.8 that Debian 12 ships crashes on some damaged files: fuzzing trustsim's
// readers (tests/fuzz/, docs/fuzzing.md) found invalid frees while it iterates a group whose
// link messages are corrupt (H5G__link_release_table from H5Ovisit), and its metadata decoders
// have more such bugs (fixed upstream in 1.14). No check in trustsim's code can run before the
// library decodes the file's structure, so a file from elsewhere (`trustsim info`) or a checkpoint
// that may have been damaged in transit (`trustsim run --from`) is first read in a forked child:
// if the library crashes there, the command reports the file as damaged instead of dying.
// Files a run has just written itself are read in-process (tests, the recorder).
//
// The cost is one fork and, for a checkpoint, reading it twice (the second read comes from the
// page cache).
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace trustsim::hdf5 {

/// Whether a reader of a file from outside runs its HDF5 calls in a child process first.
enum class Isolation {
    child_process,  ///< the default for files given on the command line
    none,           ///< in-process only: for files known to be intact (and the fuzzers' coverage)
};

/// Runs `read` in a forked child and returns the text it returned. An exception it throws is
/// rethrown here with the same message (std::invalid_argument stays one; anything else becomes
/// std::runtime_error); a child that dies (the HDF5 library crashing on `path`) becomes
/// std::runtime_error "<path> is damaged: ...". Call it before the process starts threads.
/// A child still reading after `timeout` (the library looping on a damaged file) is killed and
/// the file reported as damaged too.
std::string read_isolated(const std::string& path, const std::function<std::string()>& read, std::chrono::milliseconds timeout);

/// As above, with time for reading the whole file from a slow disk: a base time (one minute)
/// plus ten seconds per GiB of its size.
std::string read_isolated(const std::string& path, const std::function<std::string()>& read);

/// Changes the base time of the overload above for this process. A harness that stops any input
/// running longer than its own limit (the fuzzers: ten seconds) sets it below that limit, so that
/// a file the library loops on is reported as damaged rather than counted as a hang.
void set_isolated_read_base_time(std::chrono::milliseconds base) noexcept;

}  // namespace trustsim::hdf5
