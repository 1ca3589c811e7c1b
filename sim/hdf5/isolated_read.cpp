#include "sim/hdf5/isolated_read.hpp"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

// Under a sanitizer, a crash in the child would otherwise run the parent's death callback (e.g.
// libFuzzer's, which records the input as a crash of the whole process).
extern "C" void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

namespace trustsim::hdf5 {
namespace {

void write_all(int fd, const std::string& bytes) {
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        written += static_cast<std::size_t>(n);
    }
}

[[noreturn]] void run_child(int fd, const std::function<std::string()>& read) {
    // A crash here must end this process plainly, not run the parent's handlers (a test
    // framework's report, a fuzzer's crash recording) in a copy of it.
    for (const int signal : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP}) std::signal(signal, SIG_DFL);
    if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(nullptr);
    std::string result;
    try {
        result = "o" + read();
    } catch (const std::invalid_argument& e) {
        result = std::string("i") + e.what();
    } catch (const std::exception& e) {
        result = std::string("r") + e.what();
    }
    write_all(fd, result);
    ::close(fd);
    ::_exit(0);  // no exit handlers: the parent owns the files, the HDF5 library state and the leak check
}

// The base time of read_isolated(path, read): one minute unless a harness sets it.
std::atomic<std::int64_t> base_time_ms{60'000};

}  // namespace

void set_isolated_read_base_time(std::chrono::milliseconds base) noexcept { base_time_ms = base.count(); }

std::string read_isolated(const std::string& path, const std::function<std::string()>& read) {
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    const double gib = error ? 0.0 : static_cast<double>(size) / (1024.0 * 1024.0 * 1024.0);
    return read_isolated(path, read, std::chrono::milliseconds(base_time_ms.load() + static_cast<std::int64_t>(gib * 10'000)));
}

std::string read_isolated(const std::string& path, const std::function<std::string()>& read, std::chrono::milliseconds timeout) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("cannot read " + path + ": pipe: " + std::strerror(errno));
    const pid_t child = ::fork();
    if (child < 0) {
        const int error = errno;
        ::close(fds[0]);
        ::close(fds[1]);
        throw std::runtime_error("cannot read " + path + ": fork: " + std::strerror(error));
    }
    if (child == 0) {
        ::close(fds[0]);
        run_child(fds[1], read);
    }
    ::close(fds[1]);
    std::string result;
    char buffer[65536];
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool timed_out = false;
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd ready{fds[0], POLLIN, 0};
        const int polled = left.count() > 0 ? ::poll(&ready, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 1'000'000))) : 0;
        if (polled < 0 && errno == EINTR) continue;
        if (polled == 0 && std::chrono::steady_clock::now() >= deadline) {
            timed_out = true;
            ::kill(child, SIGKILL);
            break;
        }
        if (polled == 0) continue;
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        result.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (timed_out) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.1f", static_cast<double>(timeout.count()) / 1000.0);
        throw std::runtime_error(path + " is damaged: the HDF5 library was still reading it after " + seconds +
                                 " s (it loops on some damaged files), so it was stopped");
    }
    const bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0 && !result.empty();
    if (!clean) {
        const std::string how = WIFSIGNALED(status) ? "signal " + std::to_string(WTERMSIG(status)) + " (" +
                                                          strsignal(WTERMSIG(status)) + ")"
                                                    : "exit status " + std::to_string(WEXITSTATUS(status));
        throw std::runtime_error(path + " is damaged: the HDF5 library crashed reading it (" + how +
                                 "); other programs built on HDF5 1.10 (h5py, h5dump) may crash on it too");
    }
    const std::string message = result.substr(1);
    if (result[0] == 'i') throw std::invalid_argument(message);
    if (result[0] == 'r') throw std::runtime_error(message);
    return message;
}

}  // namespace trustsim::hdf5
