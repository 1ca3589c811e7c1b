#include "sim/cli/report_command.hpp"

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
constexpr const char* script_name = "report.py";

std::string from_environment(const char* name, const std::string& fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && value[0] != '\0' ? std::string(value) : fallback;
}

}  // namespace

CLI::App* add_report_command(CLI::App& app, ReportCommandOptions& options) {
    CLI::App* report = app.add_subcommand(
        "report", "Write one self-contained HTML report (findings with 95 % CIs, figures) of run files or a sweep");
    report->add_option("inputs", options.inputs,
                       "Run files (HDF5) to compare, e.g. infallible.h5 humble.h5 (replicates of one scenario form "
                       "one group with confidence bands), or one sweep directory (results.h5 inside)")
        ->required();
    report->add_option("-o,--output", options.output, "HTML file to write (default: report.html)");
    report->add_option("--labels", options.labels,
                       "Comma-separated group names, one per run file (default: the scenario names, or the "
                       "parameters the runs differ in)");
    report->add_option("--title", options.title, "Title of the report (default: from the inputs)");
    report->add_option("--week", options.week,
                       "Week of the key findings (default: the last week every run reached)")
        ->check(CLI::Range(1, 10'000'000));
    report->footer(
        "The report is written by analysis/report.py with /usr/bin/python3 (needs python3-h5py, -pandas, "
        "-matplotlib, -networkx, -scipy, -yaml: scripts/install-deps). TRUSTSIM_PYTHON and TRUSTSIM_ANALYSIS_DIR "
        "override where they are found. Opening the file needs no network.\n"
        "Exit codes: 0 written; 1 missing Python or analysis package, or a failure while writing; 2 bad input "
        "(missing, unfinished or foreign file, unfinished sweep).");
    return report;
}

int run_report_command(const ReportCommandOptions& options) {
    const std::string python = from_environment("TRUSTSIM_PYTHON", default_python);
    const std::filesystem::path analysis =
        from_environment("TRUSTSIM_ANALYSIS_DIR", std::string(TRUSTSIM_SOURCE_DIR) + "/analysis");
    const std::filesystem::path script = analysis / script_name;
    if (access(python.c_str(), X_OK) != 0) {
        std::fprintf(stderr,
                     "error: trustsim report needs Python 3, and %s is %s; install it (scripts/install-deps) or set "
                     "TRUSTSIM_PYTHON to a python3 that has h5py, pandas and matplotlib\n",
                     python.c_str(), std::filesystem::exists(python) ? "not executable" : "missing");
        return exit_failure;
    }
    if (!std::filesystem::is_regular_file(script)) {
        std::fprintf(stderr,
                     "error: trustsim report cannot find the analysis package: %s does not exist; set "
                     "TRUSTSIM_ANALYSIS_DIR to the analysis/ folder of a trustsim checkout (this trustsim was built "
                     "from %s)\n",
                     script.c_str(), TRUSTSIM_SOURCE_DIR);
        return exit_failure;
    }
    std::vector<std::string> words{python, script.string(), "-o", options.output, "--prog", "trustsim report"};
    if (!options.labels.empty()) words.insert(words.end(), {"--labels", options.labels});
    if (!options.title.empty()) words.insert(words.end(), {"--title", options.title});
    if (options.week > 0) words.insert(words.end(), {"--week", std::to_string(options.week)});
    words.emplace_back("--");  // inputs are file names even when one starts with '-'
    words.insert(words.end(), options.inputs.begin(), options.inputs.end());
    std::vector<char*> argv;
    for (std::string& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    std::fflush(stdout);
    std::fflush(stderr);
    execv(python.c_str(), argv.data());
    std::fprintf(stderr, "error: trustsim report could not start %s: %s\n", python.c_str(), std::strerror(errno));
    return exit_failure;
}

}  // namespace trustsim::cli
