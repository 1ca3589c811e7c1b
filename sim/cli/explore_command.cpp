#include "sim/cli/explore_command.hpp"

#include "sim/cli/python_script.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#ifndef TRUSTSIM_PYTHON_MODULE_DIR
#error "TRUSTSIM_PYTHON_MODULE_DIR must name the folder of the built Python module (CMakeLists.txt defines it)"
#endif

namespace trustsim::cli {

CLI::App* add_explore_command(CLI::App& app, ExploreCommandOptions& options) {
    CLI::App* explore = app.add_subcommand(
        "explore", "Serve a page on 127.0.0.1 to run scenarios with sliders and compare two settings (docs/explorer.md)");
    explore->add_option("-p,--port", options.port, "Port on 127.0.0.1 (default: 8050; 0: any free port)")
        ->check(CLI::Range(0, 65535));
    explore->add_option("--configs", options.configs,
                        "Folder whose scenarios the page offers: its *.yaml and scenarios/*.yaml (default: configs/ of "
                        "the source tree trustsim was built from)");
    explore->footer(
        "Open the printed address in a browser on this machine; the server listens on the loopback interface only "
        "and needs no network. Stop it with Ctrl-C.\n"
        "The server is analysis/explore.py under /usr/bin/python3 (TRUSTSIM_PYTHON and TRUSTSIM_ANALYSIS_DIR override "
        "where they are found); it runs scenarios in memory through the trustsim Python module built with this "
        "binary, or, when that module is missing, through this binary into a temporary file.\n"
        "Exit codes: 0 stopped with Ctrl-C; 1 missing Python or analysis package, or the port is taken.");
    return explore;
}

int run_explore_command(const ExploreCommandOptions& options) {
    std::vector<std::string> words{"--prog", "trustsim explore", "--port", std::to_string(options.port)};
    if (!options.configs.empty()) words.insert(words.end(), {"--configs", options.configs});
    // The module built with this binary comes first, so the page runs the same engine as the CLI.
    std::string python_path = TRUSTSIM_PYTHON_MODULE_DIR;
    if (const char* existing = std::getenv("PYTHONPATH"); existing != nullptr && existing[0] != '\0') {
        python_path += std::string(":") + existing;
    }
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    std::vector<std::string> environment{"PYTHONPATH=" + python_path};
    if (!error) environment.push_back("TRUSTSIM_EXPLORE_BIN=" + self.string());
    return exec_analysis_script("trustsim explore", "explore.py", words, environment);
}

}  // namespace trustsim::cli
