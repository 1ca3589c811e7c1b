// Who runs which pending run. The runner's workers ask a WorkQueue for the next position in the
// pending list until it says there is none; which worker, thread or rank gets a run changes
// nothing in the results (the plan fixes each run's seeds), only the balance of the load.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>

namespace trustsim::sweep {

class WorkQueue {
  public:
    virtual ~WorkQueue() = default;
    /// Claims the next unclaimed position in [0, size); false when all are claimed.
    virtual bool claim(std::size_t& position) = 0;
    /// This process has finished (and journaled) a run it claimed. Across MPI ranks the counts
    /// travel to rank 0, so that its progress and summary count every rank's runs.
    virtual void completed(bool ok, double run_seconds) {
        (void)ok;
        (void)run_seconds;
    }
};

/// Rank 0 hears that other ranks finished `ok` + `failed` more runs taking `run_seconds` in
/// all (called from the dispatcher thread).
using RemoteRunsCallback = std::function<void(std::size_t ok, std::size_t failed, double run_seconds)>;

/// Threads of one process: a shared counter.
class LocalWorkQueue final : public WorkQueue {
  public:
    explicit LocalWorkQueue(std::size_t size) : size_(size) {}
    bool claim(std::size_t& position) override {
        position = next_.fetch_add(1, std::memory_order_relaxed);
        return position < size_;
    }

  private:
    std::size_t size_;
    std::atomic<std::size_t> next_{0};
};

}  // namespace trustsim::sweep
