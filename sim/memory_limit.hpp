// How much memory a run may use: the machine's available memory (MemAvailable of /proc/meminfo)
// or a limit the user gives (--max-memory 8G). Runs whose estimate exceeds it are refused before
// anything is built (models/memory_estimate.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace trustsim {

/// MemAvailable of /proc/meminfo in bytes; nullopt where the kernel does not say.
std::optional<std::uint64_t> available_memory_bytes();

/// "8G", "512M", "1.5GiB", "2000000" (bytes): the size in bytes. Throws std::invalid_argument
/// naming the text for anything else, or for a size of 0.
std::uint64_t parse_byte_size(const std::string& text);

/// "1.2 GiB", "340 MiB", "12 KiB", "100 B".
std::string format_bytes(std::uint64_t bytes);

}  // namespace trustsim
