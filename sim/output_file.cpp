#include "sim/output_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <system_error>

namespace trustsim {
namespace fs = std::filesystem;
namespace {

std::string system_reason(int error) { return std::generic_category().message(error); }

[[noreturn]] void fail(const std::string& action, const fs::path& path, int error) {
    throw OutputFileError("cannot " + action + " " + path.string() + ": " + system_reason(error));
}

const char* describe_type(fs::file_type type) {
    switch (type) {
        case fs::file_type::directory: return "a directory";
        case fs::file_type::character: return "a character device";
        case fs::file_type::block: return "a block device";
        case fs::file_type::fifo: return "a FIFO (named pipe)";
        case fs::file_type::socket: return "a socket";
        default: return "not a regular file";
    }
}

/// Throws when `path` exists as anything but a regular file (following symlinks: a link to
/// /dev/null is refused like /dev/null itself). `subject` names it in the message: "it" for the
/// target itself, "its temporary file X.partial" for the partial file.
void require_regular_or_absent(const fs::path& path, const fs::path& target, const std::string& subject) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (error && status.type() != fs::file_type::not_found) {
        throw std::invalid_argument("cannot write output to " + target.string() + ": cannot inspect " + path.string() +
                                    ": " + error.message());
    }
    if (!fs::exists(status) || fs::is_regular_file(status)) return;
    throw std::invalid_argument("cannot write output to " + target.string() + ": " + subject + " is " +
                                describe_type(status.type()) + ", not a regular file");
}

void require_not_an_input(const fs::path& path, const fs::path& target, const std::string& subject,
                          const std::vector<fs::path>& inputs) {
    for (const fs::path& input : inputs) {
        std::error_code error;  // set, and the answer false, when either file does not exist
        if (fs::equivalent(path, input, error)) {
            throw std::invalid_argument("cannot write output to " + target.string() + ": " + subject +
                                        " is the input file " + input.string() + ", which the run would overwrite");
        }
    }
}

/// Creates, writes one byte to and removes a file in `directory`: the cheapest way to learn
/// whether the run's file could be created there at all (permissions, read-only mounts, a full
/// file system or inode table), without trusting access(2), which ignores read-only mounts.
void probe_writable(const fs::path& directory, const fs::path& target) {
    static std::atomic<unsigned> probes{0};
    const auto nonce = std::chrono::steady_clock::now().time_since_epoch().count();
    const fs::path probe = directory / (".trustsim-probe-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(probes++) + "-" + std::to_string(nonce));
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        throw std::invalid_argument("cannot write output to " + target.string() + ": cannot create a file in " +
                                    directory.string() + ": " + system_reason(errno));
    }
    const char byte = 0;
    const bool written = ::write(fd, &byte, 1) == 1;
    const int write_error = errno;
    ::close(fd);
    ::unlink(probe.c_str());
    if (!written) {
        throw std::invalid_argument("cannot write output to " + target.string() + ": cannot write a file in " +
                                    directory.string() + ": " + system_reason(write_error));
    }
}

void sync_file(const fs::path& path, int open_flags, const std::string& what) {
    const int fd = ::open(path.c_str(), open_flags | O_CLOEXEC);
    if (fd < 0) fail("open " + what, path, errno);
    if (::fsync(fd) != 0) {
        const int error = errno;
        // Some file systems cannot sync a directory and say so with EINVAL; the rename is then as
        // durable as that file system makes it, and there is nothing more to do.
        const bool unsupported = (open_flags & O_DIRECTORY) != 0 && (error == EINVAL || error == ENOTSUP);
        ::close(fd);
        if (!unsupported) fail("sync " + what, path, error);
        return;
    }
    if (::close(fd) != 0) fail("close " + what, path, errno);
}

}  // namespace

fs::path partial_path_for(const fs::path& target) { return fs::path(target.string() + ".partial"); }

void check_output_path(const fs::path& target, const std::vector<fs::path>& inputs) {
    if (target.empty()) throw std::invalid_argument("the output file name is empty");
    const fs::path partial = partial_path_for(target);
    const std::string partial_subject = "its temporary file " + partial.string();
    require_regular_or_absent(target, target, "it");
    require_regular_or_absent(partial, target, partial_subject);
    require_not_an_input(target, target, "it", inputs);
    require_not_an_input(partial, target, partial_subject, inputs);

    const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code error;
    const fs::file_status status = fs::status(directory, error);
    if (!fs::exists(status)) {
        if (fs::create_directories(directory, error); error) {
            throw std::invalid_argument("cannot write output to " + target.string() + ": cannot create directory " +
                                        directory.string() + ": " + error.message());
        }
    } else if (!fs::is_directory(status)) {
        throw std::invalid_argument("cannot write output to " + target.string() + ": " + directory.string() +
                                    " is not a directory");
    }
    probe_writable(directory, target);
}

void commit_file(const fs::path& partial, const fs::path& target) {
    sync_file(partial, O_RDONLY, "the finished file");
    if (::rename(partial.c_str(), target.c_str()) != 0) {
        const int error = errno;
        throw OutputFileError("cannot rename " + partial.string() + " to " + target.string() + ": " +
                              system_reason(error));
    }
    const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
    try {
        sync_file(directory, O_RDONLY | O_DIRECTORY, "the directory");
    } catch (const OutputFileError&) {
        // The rename may not survive a crash; a name that may vanish, or point at an empty file
        // after a power cut, is exactly what must not be left behind.
        ::unlink(target.c_str());
        throw;
    }
}

void write_file_atomically(const fs::path& target, const std::string& text) {
    const fs::path partial = partial_path_for(target);
    const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail("create", partial, errno);
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int error = errno;
            ::close(fd);
            discard_partial(partial);
            throw OutputFileError("cannot write " + target.string() + ": " + system_reason(error) +
                                  "; nothing was left under that name");
        }
        written += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) {
        const int error = errno;
        discard_partial(partial);
        throw OutputFileError("cannot write " + target.string() + ": " + system_reason(error) +
                              "; nothing was left under that name");
    }
    commit_file(partial, target);
}

void discard_partial(const fs::path& partial) noexcept {
    std::error_code ignored;
    fs::remove(partial, ignored);
}

}  // namespace trustsim
