#include "sim/cli/python_script.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#ifndef TRUSTSIM_SOURCE_DIR
#error "TRUSTSIM_SOURCE_DIR must name the source tree (CMakeLists.txt defines it)"
#endif

namespace trustsim::cli {
namespace {

constexpr int exit_failure = 1;
constexpr const char* default_python = "/usr/bin/python3";

std::string from_environment(const char* name, const std::string& fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && value[0] != '\0' ? std::string(value) : fallback;
}

}  // namespace

int exec_analysis_script(const std::string& command, const std::string& script, const std::vector<std::string>& arguments,
                         const std::vector<std::string>& environment) {
    const std::string python = from_environment("TRUSTSIM_PYTHON", default_python);
    const std::filesystem::path analysis =
        from_environment("TRUSTSIM_ANALYSIS_DIR", std::string(TRUSTSIM_SOURCE_DIR) + "/analysis");
    const std::filesystem::path path = analysis / script;
    if (access(python.c_str(), X_OK) != 0) {
        std::fprintf(stderr,
                     "error: %s needs Python 3, and %s is %s; install it (scripts/install-deps) or set "
                     "TRUSTSIM_PYTHON to a python3 that has h5py, pandas and matplotlib\n",
                     command.c_str(), python.c_str(), std::filesystem::exists(python) ? "not executable" : "missing");
        return exit_failure;
    }
    if (!std::filesystem::is_regular_file(path)) {
        std::fprintf(stderr,
                     "error: %s cannot find the analysis package: %s does not exist; set "
                     "TRUSTSIM_ANALYSIS_DIR to the analysis/ folder of a trustsim checkout (this trustsim was built "
                     "from %s)\n",
                     command.c_str(), path.c_str(), TRUSTSIM_SOURCE_DIR);
        return exit_failure;
    }
    std::vector<std::string> words{python, path.string()};
    words.insert(words.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    for (const std::string& assignment : environment) {
        const std::size_t equals = assignment.find('=');
        setenv(assignment.substr(0, equals).c_str(), assignment.substr(equals + 1).c_str(), 1);
    }
    std::fflush(stdout);
    std::fflush(stderr);
    execv(python.c_str(), argv.data());
    std::fprintf(stderr, "error: %s could not start %s: %s\n", command.c_str(), python.c_str(), std::strerror(errno));
    return exit_failure;
}

}  // namespace trustsim::cli
