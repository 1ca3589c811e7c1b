// The engine side of the Python module, free of pybind11: read a scenario (a file or YAML text)
// with overrides exactly as the CLI does, and run it into a MemoryRecorder.
#pragma once

#include "python/memory_recorder.hpp"
#include "sim/config.hpp"

#include <functional>
#include <string>
#include <vector>

namespace trustsim::python {

/// The name messages about scenario text (not a file) point at, as in "<scenario text>:3:12: ...".
inline constexpr const char* scenario_text_name = "<scenario text>";

/// Parses and validates a scenario with the registry's vocabulary: `source` is a file path, or
/// YAML text when `is_text`. Throws ConfigError with the CLI's file:line:col messages.
ScenarioConfig read_scenario(const std::string& source, bool is_text, const std::vector<ConfigOverride>& overrides);

/// Refuses a scenario whose memory estimate exceeds what this machine has available (the CLI's
/// rule without --max-memory); returns the estimate in words.
std::string check_memory_fits(const ScenarioConfig& config);

/// Runs the scenario with `threads` threads (0: every core) and returns everything it recorded.
/// `keep_going` is asked after every week; false stops the run (RecordedRun::completed is false).
RecordedRun run_in_memory(ScenarioConfig config, unsigned threads, const std::function<bool()>& keep_going);

}  // namespace trustsim::python
