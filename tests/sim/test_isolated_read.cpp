// Reading a file from outside in a forked child (sim/hdf5/isolated_read.hpp): what the child
// returns or throws comes back unchanged, and a child that crashes or never finishes makes the
// file "damaged" instead of taking the command down or hanging it.
#include "sim/hdf5/isolated_read.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <stdexcept>
#include <string>
#include <thread>

using namespace trustsim;
using namespace std::chrono_literals;

namespace {

std::string message_of(const std::function<std::string()>& read, std::chrono::milliseconds timeout = 60s) {
    try {
        return "returned " + hdf5::read_isolated("file.h5", read, timeout);
    } catch (const std::invalid_argument& e) {
        return std::string("invalid_argument: ") + e.what();
    } catch (const std::runtime_error& e) {
        return std::string("runtime_error: ") + e.what();
    }
}

}  // namespace

TEST_CASE("what the reading child returns or throws comes back to the parent", "[hdf5][isolated]") {
    CHECK(message_of([] { return std::string(100'000, 'x'); }) == "returned " + std::string(100'000, 'x'));
    CHECK(message_of([] () -> std::string { throw std::invalid_argument("not a trustsim file"); }) ==
          "invalid_argument: not a trustsim file");
    CHECK(message_of([] () -> std::string { throw std::logic_error("bad layout"); }) == "runtime_error: bad layout");
}

TEST_CASE("a reading child that crashes makes the file damaged", "[hdf5][isolated]") {
    CHECK_THAT(message_of([] () -> std::string {
                   std::raise(SIGSEGV);
                   return "survived";
               }),
               Catch::StartsWith("runtime_error: file.h5 is damaged: the HDF5 library crashed reading it (signal 11"));
}

TEST_CASE("a reading child that never finishes is stopped at the deadline and the file is damaged", "[hdf5][isolated]") {
    CHECK(message_of(
              [] {
                  std::this_thread::sleep_for(1h);
                  return std::string("woke");
              },
              300ms) ==
          "runtime_error: file.h5 is damaged: the HDF5 library was still reading it after 0.3 s (it loops on some damaged "
          "files), so it was stopped");
    // A child that is slow but finishes within the deadline is read as usual.
    CHECK(message_of(
              [] {
                  std::this_thread::sleep_for(200ms);
                  return std::string("slow");
              },
              30s) == "returned slow");
}

TEST_CASE("a harness's base time bounds the size-scaled deadline of a file's read", "[hdf5][isolated]") {
    // The fuzzers stop an input after ten seconds and set the base time below it: a loop on a
    // small damaged file must then end as "damaged", not as a hang of the harness.
    hdf5::set_isolated_read_base_time(300ms);
    std::string message;
    try {
        hdf5::read_isolated("no-such-file.h5", [] {
            std::this_thread::sleep_for(1h);
            return std::string("woke");
        });
    } catch (const std::runtime_error& e) {
        message = e.what();
    }
    hdf5::set_isolated_read_base_time(60s);
    CHECK(message == "no-such-file.h5 is damaged: the HDF5 library was still reading it after 0.3 s (it loops on some "
                     "damaged files), so it was stopped");
}
