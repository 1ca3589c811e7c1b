// Commands written in Python (`trustsim report`, `trustsim explore`): the CLI finds the
// interpreter and the analysis/ folder and replaces itself with `python3 analysis/SCRIPT ...`, so
// the exit code, stdout and stderr are the script's. Reading the HDF5 layouts and drawing figures
// is the analysis package's job; doing it again in C++ would leave two readers to keep in step.
//
// The interpreter is TRUSTSIM_PYTHON, else /usr/bin/python3 (Debian's, which sees the python3-*
// packages scripts/install-deps installs); the scripts are in TRUSTSIM_ANALYSIS_DIR, else the
// analysis/ folder of the source tree trustsim was built from.
#pragma once

#include <string>
#include <vector>

namespace trustsim::cli {

/// Replaces the process with `python3 analysis/<script> <arguments...>`; returns only on failure
/// (exit code 1, after printing why: no interpreter, no script, or exec failed). `command` names
/// the subcommand in those messages, e.g. "trustsim report"; `environment` adds variables
/// (NAME=value) to the script's environment.
int exec_analysis_script(const std::string& command, const std::string& script, const std::vector<std::string>& arguments,
                         const std::vector<std::string>& environment = {});

}  // namespace trustsim::cli
