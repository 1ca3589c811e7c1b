// What a run will need in memory, estimated before anything is built, so that a scenario too big
// for the machine is refused in milliseconds with the estimate rather than failing after minutes
// (docs/performance.md, "Memory"). The per-agent, per-edge and per-team bytes are measured on a
// small probe of the same scenario (the same model, modules and output settings), so a column a
// module adds is counted without a table to keep in sync; the run's edges are the probe's edges
// per agent times its agents (an explicit organisation is probed whole).
#pragma once

#include "sim/config.hpp"

#include <cstdint>
#include <string>

namespace trustsim {

struct MemoryEstimate {
    std::uint64_t agents = 0, edges = 0, teams = 0;
    double bytes_per_agent = 0;  ///< model state, hierarchy and output buffers per agent
    double bytes_per_edge = 0;   ///< evidence and network (both directions) per edge, and its setup peak
    double bytes_per_team = 0;   ///< team state and team-series buffers per team
    std::uint64_t fixed_bytes = 0;  ///< libraries, HDF5, thread stacks: independent of the size

    std::uint64_t total() const noexcept;
    /// "about 4.6 GiB (10,000,000 agents x 214 B + 77,000,000 edges x 38 B + ...)".
    std::string describe() const;
};

MemoryEstimate estimate_memory(const ScenarioConfig& config);

/// Throws std::invalid_argument with the estimate when it exceeds `limit` bytes; `limit_source`
/// says where the limit comes from ("--max-memory 2G", "the 3.1 GiB this machine has available").
void check_memory(const MemoryEstimate& estimate, std::uint64_t limit, const std::string& limit_source);

}  // namespace trustsim
