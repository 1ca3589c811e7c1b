// The sweep journal: an append-only file of finished runs, one per process (or MPI rank).
//
// Why not write HDF5 as runs finish? An HDF5 file killed mid-write (SIGKILL, a lost node) can
// be unreadable as a whole, losing every run in it. A journal is a sequence of self-checking
// records, each [magic u32][payload length u32][payload][FNV-1a 64 of the payload]; a record
// torn by a kill fails its length or checksum and is ignored, with every record before it
// intact. `--resume` reads all journals in the sweep directory, treats the runs they hold as
// done, and new records go to a new journal file, so no file is ever appended to by two
// processes or after a crash. The tidy HDF5 results are written from the journals once every
// run has a record (sweep/results.hpp).
//
// Durability: records are written with write(2) as each run finishes, so a killed process loses
// nothing it recorded. They reach the disk itself at close, and at the first append that comes a
// second or more after the previous sync: a machine that loses power can lose the runs recorded
// since that sync, and resume then reruns them.
#pragma once

#include "sweep/run_record.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>

namespace trustsim::sweep {

class JournalWriter {
  public:
    /// Creates a new journal file in `directory` (named after time, host and pid, so that
    /// concurrent processes and later sessions never share a file).
    explicit JournalWriter(const std::filesystem::path& directory);
    JournalWriter(const JournalWriter&) = delete;
    JournalWriter& operator=(const JournalWriter&) = delete;
    ~JournalWriter();

    /// Appends one run; thread-safe. The series schema (the model's) goes in once, before the
    /// first record that has one. Throws std::runtime_error naming the file on a write error.
    void append(const RunRecord& record, const SeriesSchema& schema);
    /// Flushes to disk and closes; throws on failure.
    void close();

    const std::filesystem::path& path() const noexcept { return path_; }

  private:
    void write_record(const std::string& payload);

    std::filesystem::path path_;
    int fd_ = -1;
    std::mutex mutex_;
    std::chrono::steady_clock::time_point last_sync_;
    bool schema_written_ = false;
};

/// Everything the journals in `directory` hold: the schema and, per run index, one record: a
/// success over a failure, else the later one (a failed run retried has both records).
struct JournalContents {
    SeriesSchema schema;
    std::map<std::uint64_t, RunRecord> runs;
    std::size_t torn_records = 0;  ///< records cut short by a kill, ignored
};

/// Reads every journal under `directory` (missing directory = empty). Journals with different
/// schemas are an error (they would come from different trustsim builds).
JournalContents read_journals(const std::filesystem::path& directory);

}  // namespace trustsim::sweep
