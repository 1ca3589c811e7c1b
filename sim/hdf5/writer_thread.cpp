#include "sim/hdf5/writer_thread.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

namespace trustsim::hdf5 {

WriterThread::WriterThread(unsigned threads, std::size_t max_bytes_in_flight)
    : arena_(static_cast<int>(std::max(1u, threads))),
      max_bytes_in_flight_(max_bytes_in_flight),
      thread_([this] { serve(); }) {}

WriterThread::~WriterThread() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        queue_.clear();
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void WriterThread::rethrow_error_locked() {
    if (error_) std::rethrow_exception(error_);
}

void WriterThread::post(std::function<void()> job, std::size_t bytes) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] {
        return error_ || stopping_ || bytes_in_flight_ == 0 || bytes_in_flight_ + bytes <= max_bytes_in_flight_;
    });
    if (stopping_) return;
    rethrow_error_locked();
    queue_.push_back({std::move(job), bytes});
    bytes_in_flight_ += bytes;
    lock.unlock();
    changed_.notify_all();
}

void WriterThread::wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return error_ || stopping_ || (queue_.empty() && !running_job_); });
    if (!stopping_) rethrow_error_locked();
}

void WriterThread::finish_with(const std::function<void()>& last) noexcept {
    {
        std::unique_lock<std::mutex> lock(mutex_);
        if (stopping_) return;
        for (const Job& job : queue_) bytes_in_flight_ -= job.bytes;
        queue_.clear();
        changed_.wait(lock, [&] { return !running_job_; });
        queue_.push_back({[&last] {
                              try {
                                  last();
                              } catch (...) {
                              }
                          },
                          0, true});
        stopping_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
}

double WriterThread::seconds_busy() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return seconds_busy_;
}

void WriterThread::serve() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
        changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and nothing left to run
        Job job = std::move(queue_.front());
        queue_.pop_front();
        running_job_ = true;
        const bool skip = error_ && !job.cleanup;
        lock.unlock();
        const auto start = std::chrono::steady_clock::now();
        std::exception_ptr failure;
        if (!skip) {
            try {
                arena_.execute([&] { job.run(); });
            } catch (...) {
                failure = std::current_exception();
            }
        }
        const std::size_t bytes = job.bytes;
        job = Job{};  // frees the job's buffers before the poster is told there is room
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        lock.lock();
        seconds_busy_ += seconds;
        if (failure && !error_) error_ = failure;
        if (error_ && !stopping_) {
            for (const Job& dropped : queue_) bytes_in_flight_ -= dropped.bytes;
            queue_.clear();
        }
        bytes_in_flight_ -= bytes;
        running_job_ = false;
        changed_.notify_all();
    }
}

}  // namespace trustsim::hdf5
