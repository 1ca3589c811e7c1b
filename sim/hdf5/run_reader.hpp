// Reading a run file back: the summary `trustsim info` prints, dataset hashes for the
// determinism checks, and series for tests. Independent of the writer except for the layout.
#pragma once

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

RunSummary summarise_run(const std::string& path);

/// FNV-1a 64 of every dataset's raw values, keyed by dataset path.
std::map<std::string, std::uint64_t> dataset_hashes(const std::string& path);

/// A whole dataset converted to double (any numeric type, any rank, row-major).
std::vector<double> read_dataset(const std::string& path, const std::string& dataset);

}  // namespace trustsim
