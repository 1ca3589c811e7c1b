// Reading a run file back: the summary `trustsim info` prints, dataset hashes for the
// determinism checks, and series for tests. Independent of the writer except for the layout.
#pragma once

#include "sim/hdf5/isolated_read.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace trustsim {

struct DatasetSummary {
    std::string path;                  ///< e.g. "/org/trust_in_manager"
    std::vector<std::uint64_t> shape;
    std::string element_type;          ///< "float32", "int32", ...
    std::string units;
    std::string description;
};

struct RunSummary {
    std::map<std::string, std::string> text_attributes;
    std::map<std::string, double> numeric_attributes;
    std::vector<DatasetSummary> datasets;  ///< in name order
};

/// The attributes of the root group and every dataset of any HDF5 file. An attribute that is
/// neither one string nor one number (an array, a compound) is listed as text describing it.
/// Throws std::runtime_error starting with `path` when the file cannot be opened or read.
RunSummary summarise_run(const std::string& path);

/// FNV-1a 64 of every dataset's raw values, keyed by dataset path; datasets of types that have no
/// stable bytes (variable-length sequences, references) are left out. Reads in blocks of at most
/// 16 MiB, so a large dataset is never held whole. Throws std::runtime_error starting with `path`.
std::map<std::string, std::uint64_t> dataset_hashes(const std::string& path);

/// What `trustsim info` prints: `text` for stdout, and `note` (empty, or one line for stderr) when
/// the file is not a trustsim run: a checkpoint, a sweep's results or another program's HDF5
/// file, whose attributes and datasets are still listed. Throws std::runtime_error starting with
/// `path` when the file is missing, not HDF5, or damaged (also when the HDF5 library crashes on
/// it, hdf5/isolated_read.hpp).
struct RunFileReport {
    std::string text;
    std::string note;
};
RunFileReport report_run_file(const std::string& path, bool with_hashes,
                              hdf5::Isolation isolation = hdf5::Isolation::child_process);

/// What `trustsim info --config` prints: the resolved scenario a run or checkpoint file stores.
/// Throws std::invalid_argument naming the file and its format when it holds none.
std::string run_config_yaml(const std::string& path, hdf5::Isolation isolation = hdf5::Isolation::child_process);

/// A whole dataset converted to double (any numeric type, any rank, row-major).
std::vector<double> read_dataset(const std::string& path, const std::string& dataset);

}  // namespace trustsim
