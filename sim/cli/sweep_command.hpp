// `trustsim sweep` and `trustsim sweep-merge`: the command-line side of sweep/.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace trustsim::cli {

struct SweepCommandOptions {
    std::string sweep_path;
    std::string output_directory;
    bool dry_run = false;
    bool resume = false;
    bool force = false;
    bool retry_failed = false;
    std::string shard;  ///< "i/n"
    unsigned workers = 0;
    unsigned threads_per_run = 0;
    bool quiet = false;
    std::string max_memory;  ///< --max-memory; empty: the machine's available memory
    std::vector<std::string> merge_inputs;
};

/// Adds `sweep` and `sweep-merge` to the app; returns them (sweep, merge).
std::pair<CLI::App*, CLI::App*> add_sweep_commands(CLI::App& app, SweepCommandOptions& options);

int run_sweep_command(const SweepCommandOptions& options, int& argc, char**& argv);
int run_merge_command(const SweepCommandOptions& options);

}  // namespace trustsim::cli
