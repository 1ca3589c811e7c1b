#include "sim/cli/report_command.hpp"

#include "sim/cli/python_script.hpp"

namespace trustsim::cli {

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
    std::vector<std::string> words{"-o", options.output, "--prog", "trustsim report"};
    if (!options.labels.empty()) words.insert(words.end(), {"--labels", options.labels});
    if (!options.title.empty()) words.insert(words.end(), {"--title", options.title});
    if (options.week > 0) words.insert(words.end(), {"--week", std::to_string(options.week)});
    words.emplace_back("--");  // inputs are file names even when one starts with '-'
    words.insert(words.end(), options.inputs.begin(), options.inputs.end());
    return exec_analysis_script("trustsim report", "report.py", words);
}

}  // namespace trustsim::cli
