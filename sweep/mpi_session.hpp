// The process group a sweep runs on. Under `mpirun` (and when trustsim was built with MPI) it
// is the MPI job: rank 0 prepares the directory and writes the results, every rank runs runs,
// and runs are handed out one at a time by a dispatcher thread on rank 0 (dynamic load
// balancing: a rank that drew short runs asks again sooner). Started without mpirun, the same
// binary never initialises MPI and runs as one process.
#pragma once

#include "sweep/sweep_directory.hpp"

#include <memory>

namespace trustsim::sweep {

/// True when this process was started by an MPI launcher (mpirun/srun set its environment).
bool launched_by_mpi_launcher();

/// True when this build has MPI compiled in.
bool mpi_compiled_in();

/// Joins the MPI job when launched by one (initialising MPI; finalised when the returned group
/// is destroyed), else returns the group of this process alone.
std::unique_ptr<ProcessGroup> join_process_group(int& argc, char**& argv);

}  // namespace trustsim::sweep
