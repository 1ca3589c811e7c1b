// A checkpoint's state is read from a file that may have been damaged or crafted. Columns of the
// right size restore without complaint, so before a continued run takes a step the values the
// phases use as indices, counts and enumerations are checked: a bad one would read outside the
// network or loop for ever, not just give a wrong number.
#pragma once

#include "models/core/context.hpp"

#include <cstdint>

namespace trustsim::core {

/// Throws std::invalid_argument naming the column and the agent or edge when the restored state
/// of a run `steps_done` weeks in holds an edge or agent index outside the world, an unknown
/// enumeration value, an error count no run can reach, or trust evidence that is negative or not
/// finite.
void check_restored_state(const CoreRun& run, std::uint32_t steps_done);

}  // namespace trustsim::core
