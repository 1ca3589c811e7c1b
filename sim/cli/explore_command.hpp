// `trustsim explore`: a page on this machine's loopback interface where a scenario is run with
// sliders and the results drawn within seconds (docs/explorer.md). The server is
// analysis/explore.py, started like `trustsim report` (sim/cli/python_script.hpp); it runs the
// scenarios in its own process through the `trustsim` Python module built next to this binary.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace trustsim::cli {

struct ExploreCommandOptions {
    int port = 8050;  ///< 0: any free port
    std::string configs;  ///< folder of scenarios to offer; empty: the source tree's configs/
};

CLI::App* add_explore_command(CLI::App& app, ExploreCommandOptions& options);

/// Replaces the process with the explorer's server; returns only on failure (exit code 1).
int run_explore_command(const ExploreCommandOptions& options);

}  // namespace trustsim::cli
