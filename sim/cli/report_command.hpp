// `trustsim report`: one self-contained HTML report of run files or a sweep directory.
//
// The report is written by the Python analysis package (analysis/trustsim_analysis/report); this
// command replaces itself with `python3 analysis/report.py ...` (sim/cli/python_script.hpp says
// how the interpreter and the script are found).
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
