// The writer thread behind Hdf5Recorder: jobs run in order, an error surfaces on the posting
// thread and stops later jobs, cleanup runs after an error, and memory in flight is bounded.
#include "sim/hdf5/writer_thread.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

using trustsim::hdf5::WriterThread;

TEST_CASE("the writer thread runs jobs in the order they were posted", "[writer]") {
    WriterThread writer(2, 1 << 20);
    std::vector<int> order;  // written by the writer thread only, read after wait()
    for (int k = 0; k < 100; ++k) writer.post([&order, k] { order.push_back(k); }, 100);
    writer.wait();
    REQUIRE(order.size() == 100);
    for (int k = 0; k < 100; ++k) CHECK(order[static_cast<std::size_t>(k)] == k);
    writer.finish_with([] {});
}

TEST_CASE("a failed job's error surfaces on the posting thread and later jobs do not run", "[writer]") {
    WriterThread writer(1, 1 << 20);
    std::atomic<int> ran{0};
    writer.post([&] { ++ran; }, 1);
    writer.post([] { throw std::runtime_error("disk full in job 2"); }, 1);
    try {
        writer.post([&] { ++ran; }, 1);  // dropped, or refused if the error came first
    } catch (const std::runtime_error&) {
    }
    CHECK_THROWS_WITH(writer.wait(), "disk full in job 2");
    CHECK_THROWS_WITH(writer.post([&] { ++ran; }, 1), "disk full in job 2");
    CHECK(ran == 1);
    bool cleaned_up = false;
    writer.finish_with([&] { cleaned_up = true; });
    CHECK(cleaned_up);  // cleanup runs on the writer thread even after the error
    CHECK_NOTHROW(writer.wait());  // stopped: nothing more to report
}

TEST_CASE("finish_with drops jobs that have not started and runs the cleanup last", "[writer]") {
    WriterThread writer(1, 1 << 20);
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::vector<int> order;
    writer.post([&order, released] {
        released.wait();
        order.push_back(1);
    }, 1);
    for (int k = 0; k < 10; ++k) writer.post([&order] { order.push_back(2); }, 1);
    std::thread releaser([&] { release.set_value(); });
    writer.finish_with([&order] { order.push_back(3); });
    releaser.join();
    REQUIRE_FALSE(order.empty());
    CHECK(order.back() == 3);
    CHECK(order.size() <= 12u);
}

TEST_CASE("post waits while the writer holds more than its bound", "[writer]") {
    const std::size_t bound = 1000;
    WriterThread writer(1, bound);
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<bool> first_done{false};
    writer.post([&, released] {
        released.wait();
        first_done = true;
    }, bound);
    // A second job would exceed the bound: its post returns only once the first job has ended.
    std::atomic<bool> first_done_when_posted{false};
    std::thread poster([&] {
        writer.post([] {}, 1);
        first_done_when_posted = first_done.load();
    });
    release.set_value();
    poster.join();
    CHECK(first_done_when_posted);
    writer.wait();
    writer.finish_with([] {});
}
