// Checks shared by the tests of optional modules: whole-state comparison (a module that is off
// must change no column) and the hashes of every dataset a run writes (thread-count checks).
#pragma once

#include "models/core/core_model.hpp"
#include "sim/hdf5/recorder.hpp"
#include "sim/hdf5/run_reader.hpp"
#include "tests/support/scenarios.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include <unistd.h>
#include <stdexcept>
#include <string>

#include <unistd.h>

namespace trustsim::testing {

/// The first state column (for_each_column's name) in which two runs differ, or "" if none does.
inline std::string first_different_column(const core::CoreRun& a, const core::CoreRun& b) {
    std::map<std::string, std::string> bytes_of_a;
    core::for_each_column(a.state, [&](const char* name, const auto& column) {
        const auto bytes = std::as_bytes(std::span(column));
        bytes_of_a[name].assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    });
    std::string different;
    core::for_each_column(b.state, [&](const char* name, const auto& column) {
        const auto bytes = std::as_bytes(std::span(column));
        const std::string& other = bytes_of_a[name];
        const bool same = other.size() == bytes.size() && std::memcmp(other.data(), bytes.data(), bytes.size()) == 0;
        if (!same && different.empty()) different = name;
    });
    return different;
}

/// Runs the scenario to the end on `threads` threads with the HDF5 recorder, and hashes every
/// dataset of the file; `after`, if given, sees the final state.
inline std::map<std::string, std::uint64_t> run_and_hash(const ScenarioConfig& config, unsigned threads,
                                                         const std::string& name,
                                                         const std::function<void(const core::CoreRun&)>& after = {}) {
    // The process id keeps suites that run at once (two builds, two worktrees) off each other's files.
    const auto path = (std::filesystem::temp_directory_path() /
                       ("trustsim_module_" + name + "_" + std::to_string(::getpid()) + ".h5")).string();
    auto sim = make_simulation(config, threads);
    if (sim->threads() != threads) throw std::logic_error("the simulation did not get the threads asked for");
    Hdf5Recorder recorder(path, config.output);
    sim->add_observer(recorder);
    sim->run();
    if (after) after(core_run(*sim));
    auto hashes = dataset_hashes(path);
    std::filesystem::remove(path);
    return hashes;
}

/// Requires that two scenarios give the same run: every state column after `weeks` weeks, and
/// every dataset of their output files (e.g. a module's section present but switched off against
/// no section at all).
inline void require_identical_runs(const ScenarioConfig& a, const ScenarioConfig& b, int weeks, const std::string& name) {
    auto first = make_simulation(a, 2);
    auto second = make_simulation(b, 2);
    for (int week = 0; week < weeks; ++week) {
        first->step();
        second->step();
    }
    CHECK(first_different_column(core_run(*first), core_run(*second)).empty());
    const auto first_hashes = run_and_hash(a, 2, name + "_a");
    const auto second_hashes = run_and_hash(b, 2, name + "_b");
    REQUIRE(first_hashes.size() == second_hashes.size());
    for (const auto& [dataset, hash] : first_hashes) {
        INFO(dataset);
        CHECK(second_hashes.at(dataset) == hash);
    }
}

}  // namespace trustsim::testing
