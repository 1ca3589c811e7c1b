// The phase-access check (every run of debug and ASan builds, TRUSTSIM_CHECK_PHASE_WRITES, and any
// run that asks, Simulation::check_phase_access): every phase declares the state columns it writes
// and reads (Phase::writes, Phase::reads), and after every phase the engine checks both claims:
//   writes  no column outside `writes` changed;
//   reads   re-run from the same state with every column outside `reads` and `writes`
//           scrambled, the phase gives the same result. So a phase whose result depends on a
//           column it does not declare stops the run, naming the column.
// What the declarations buy: a phase's dependencies are written down and kept true, so phases
// that share no written column are provably independent and a reordering that breaks a
// dependency fails the checked build instead of silently changing results.
#pragma once

#include "sim/model.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace trustsim {

/// Every state column's bytes, by name.
using StateCopy = std::map<std::string, std::vector<std::byte>>;

StateCopy copy_state(Model& model);

/// Runs `phase` on `model` and checks its declared writes and
/// reads; throws std::logic_error naming the phase, the week and the undeclared columns.
/// Leaves the model in the state the phase produced.
void run_checked(Model& model, const Phase& phase, const StepContext& context);

}  // namespace trustsim
