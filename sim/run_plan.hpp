// A run plan: everything that decides one run, resolved before the run starts.
//
// The scenario inside is already the product of the file, its `--set` overrides or a sweep's
// factor values, the seed and replicate and the step count; nothing about a run is decided
// later. Every way of running (the CLI, a sweep worker, the tests, bench/) builds a Simulation
// from one of these, through the one constructor that assembles world and model.
#pragma once

#include "sim/config.hpp"

#include <string>

namespace trustsim {

struct RunPlan {
    ScenarioConfig scenario;  ///< resolved: overrides, seed, replicate, steps and output applied
    std::string output_path;  ///< HDF5 file for a single run; empty when the caller records elsewhere
    unsigned threads = 0;     ///< this run's thread budget; 0 = every core of the machine
};

}  // namespace trustsim
