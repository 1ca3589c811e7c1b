// WriterThread: one thread that runs an output file's jobs in the order they were posted, so that
// compressing and writing a week's output overlaps the simulation's next weeks.
//
//   simulation thread                         writer thread
//   ─────────────────                         ─────────────
//   step k; copy its output into owned   ──►  [job k-1: compress chunks (in parallel), write]
//   buffers; post(job k)                       [job k: ...]
//   step k+1 ...                               ...
//   finish: post(close); wait()          ──►  close the file; the caller then renames it
//
// * Every HDF5 call for the file is made from the writer thread (HDF5 SWMR writing wants one
//   writer thread, and HDF5's global lock would otherwise serialise the two threads anyway).
// * Jobs own what they write: the poster copies the simulation's state first, so the
//   simulation may change it as soon as post() returns.
// * Memory stays bounded: post() blocks while the bytes of queued and running jobs would exceed
//   `max_bytes_in_flight` (a job larger than that waits until the writer is idle).
// * The first job that throws stops the writer: later jobs are dropped unrun, and post() and
//   wait() rethrow that error on the poster's thread, where the recorder turns it into its usual
//   error and gives the file up (finish_with runs the cleanup on the writer thread too).
// * Compression inside a job runs in the writer's own tbb::task_arena of the run's thread count,
//   so output never uses more threads than the run was given.
#pragma once

#include <tbb/task_arena.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace trustsim::hdf5 {

class WriterThread {
  public:
    WriterThread(unsigned threads, std::size_t max_bytes_in_flight);
    WriterThread(const WriterThread&) = delete;
    WriterThread& operator=(const WriterThread&) = delete;
    /// Drops the jobs not yet run and joins; runs no cleanup (use finish_with first).
    ~WriterThread();

    /// Queues `job`, which holds about `bytes` of buffers; blocks while the writer is that far
    /// behind. Rethrows the error of a job that failed before (and then queues nothing).
    void post(std::function<void()> job, std::size_t bytes);
    /// Returns once every posted job has run; rethrows the first error of a job.
    void wait();
    /// Drops the jobs not yet run, waits for the running one, runs `last` on the writer thread,
    /// and stops the thread. Never throws: `last` is cleanup after an error (its exceptions are
    /// swallowed). After this, post() and wait() do nothing.
    void finish_with(const std::function<void()>& last) noexcept;

    /// Seconds the writer thread spent running jobs.
    double seconds_busy() const;

  private:
    struct Job {
        std::function<void()> run;
        std::size_t bytes = 0;
        bool cleanup = false;  ///< runs even after an error (finish_with)
    };
    void serve();
    void rethrow_error_locked();

    tbb::task_arena arena_;
    const std::size_t max_bytes_in_flight_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Job> queue_;
    std::size_t bytes_in_flight_ = 0;  ///< queued and running
    bool running_job_ = false;
    bool stopping_ = false;
    std::exception_ptr error_;
    double seconds_busy_ = 0;
    std::thread thread_;  ///< last: started once everything above is ready
};

}  // namespace trustsim::hdf5
