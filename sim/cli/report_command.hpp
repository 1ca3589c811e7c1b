// `trustsim report`: one self-contained HTML report of run files or a sweep directory.
//
// The report is written by the Python analysis package (analysis/trustsim_analysis/report), which
// already reads the documented HDF5 layouts and draws the figures; duplicating that in C++ would
// leave two readers to keep in step. So this command only finds the interpreter and the package
// and replaces itself with `python3 analysis/report.py ...`: the exit code, stdout and stderr are
// the script's. The package is found through TRUSTSIM_ANALYSIS_DIR, else the analysis/ folder of
// the source tree trustsim was built from; the interpreter through TRUSTSIM_PYTHON, else
// /usr/bin/python3 (Debian's, which sees the python3-* packages scripts/install-deps installs).
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace trustsim::cli {

struct ReportCommandOptions {
    std::vector<std::string> inputs;  ///< run files, or one sweep directory
    std::string output = "report.html";
    std::string labels;  ///< comma-separated, one per run file
    std::string title;
    int week = 0;  ///< week of the key findings; 0: the last week all runs reached
};

CLI::App* add_report_command(CLI::App& app, ReportCommandOptions& options);

/// Replaces the process with the Python report writer; returns only on failure (exit code 1,
/// after printing why: no interpreter, no analysis package, or exec failed).
int run_report_command(const ReportCommandOptions& options);

}  // namespace trustsim::cli
