// Output files that never lie: the pieces `trustsim run` and the sweep writer share so that a
// file appears under its final name only once all of it is on disk, and so that a bad output
// path is refused before any simulating is done.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace trustsim {

/// An output file could not be written, synced, renamed or removed (a runtime failure: exit 1).
class OutputFileError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The temporary name a file is written under until commit_file() gives it its final name.
std::filesystem::path partial_path_for(const std::filesystem::path& target);

/// Refuses an output path that cannot work, before the run starts: throws std::invalid_argument
/// (bad usage: exit 2) naming the path when `target` or its partial file exists and is not a
/// regular file (directory, device, FIFO, socket), when either is one of `inputs` (the same file,
/// by std::filesystem::equivalent), or when the parent directory cannot be created or does not
/// accept a new file. The last is tested by creating, writing and removing a probe file, so that
/// permissions, read-only mounts and a full file system show up now rather than after the run.
/// Creates missing parent directories. An existing regular `target` is fine: a run replaces it.
void check_output_path(const std::filesystem::path& target, const std::vector<std::filesystem::path>& inputs);

/// Makes a finished `partial` file durable under the name `target`: fsyncs the file, renames it
/// over `target` and fsyncs the directory. Throws OutputFileError naming the file and the system's
/// reason on any failure; if the directory sync fails after the rename, `target` is removed again,
/// so that a failure never leaves a file under the final name.
void commit_file(const std::filesystem::path& partial, const std::filesystem::path& target);

/// Writes `text` to `target` the same way: under the partial name, then commit_file(). Throws
/// OutputFileError naming the file and the system's reason; leaves nothing under either name on
/// failure.
void write_file_atomically(const std::filesystem::path& target, const std::string& text);

/// Removes a partial file that will not be finished (it may be what filled the disk). Never
/// throws: it runs while another error is being reported.
void discard_partial(const std::filesystem::path& partial) noexcept;

}  // namespace trustsim
