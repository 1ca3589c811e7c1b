// Who runs which pending run. The runner's workers ask a WorkQueue for the next position in the
// pending list until it says there is none; which worker, thread or rank gets a run changes
// nothing in the results (the plan fixes each run's seeds), only the balance of the load.
#pragma once

#include <atomic>
#include <cstddef>

namespace trustsim::sweep {

class WorkQueue {
  public:
    virtual ~WorkQueue() = default;
    /// Claims the next unclaimed position in [0, size); false when all are claimed.
    virtual bool claim(std::size_t& position) = 0;
};

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
