// What a sweep keeps of one finished run: its outcome and its org-level time series.
#pragma once

#include "sim/model.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trustsim::sweep {

enum class RunStatus : std::uint8_t { ok = 0, failed = 1 };

struct RunRecord {
    std::uint64_t index = 0;
    RunStatus status = RunStatus::ok;
    std::string error;          ///< why a failed run failed
    double wall_seconds = 0;    ///< assembly + simulation; not part of the results proper
    std::uint32_t threads = 0;  ///< the run's thread budget; not part of the results proper
    std::uint32_t weeks = 0;    ///< steps completed
    /// org series s at week w (1-based) is values[s * weeks + (w - 1)], series in schema order.
    std::vector<double> values;
};

/// The org series a sweep records (the model's schema), stored once per journal and results file.
using SeriesSchema = std::vector<SeriesSpec>;

}  // namespace trustsim::sweep
