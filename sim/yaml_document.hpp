// Reading a YAML file into yaml-cpp nodes without trusting yaml-cpp with malformed input.
//
// The yaml-cpp 0.7 that Debian ships has known failure modes on malformed text (found again by
// tests/fuzz/, docs/fuzzing.md):
//   - YAML::LoadAll never returns on some inputs: at a stray ',' outside brackets (issue #1040)
//     the parser stops consuming text but keeps reporting a new document at the same position,
//     and LoadAll appends empty documents until memory runs out (a gigabyte a second);
//   - nesting deeper than its depth guard (about 500 levels) throws DeepRecursion with the
//     message "bad file", which says nothing about the cause.
// So scenario and sweep files are parsed here, in two bounded passes: one that only counts
// documents and stops at the second (or where the parser makes no progress), then YAML::Load of
// the first; and both failure modes get messages that name file:line:col and the cause.
// Files are read only when they are regular files of bounded size, so that a path like
// /dev/zero or a FIFO is refused instead of read forever.
//
// Used by sim/config.cpp and sweep/sweep_file.cpp, the only places YAML text enters.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>

namespace trustsim {

/// Files larger than this are refused before reading: yaml-cpp needs tens of times the text's
/// size in memory, and no scenario (even an explicit organisation of 10^6 members) comes close.
inline constexpr std::uintmax_t max_yaml_file_bytes = std::uintmax_t{256} << 20;

/// The bytes of the regular file `path`; `what` names it in messages ("scenario file").
/// Throws ConfigError ("cannot read <what> <path>: ...") for a missing, unreadable, non-regular
/// or too large file.
std::string read_yaml_file(const std::string& path, const std::string& what);

/// The one YAML document `text` holds (a null node for empty text). Throws ConfigError
/// "source:line:col: ..." for a syntax error, a second document, nesting too deep for yaml-cpp,
/// or text the parser cannot get past. `what` names the file kind in messages ("a scenario file").
YAML::Node load_yaml_document(const std::string& text, const std::string& source, const std::string& what);

}  // namespace trustsim
