// Versions of the libraries this binary was built with, for provenance attributes.
#pragma once

#include <string>

namespace trustsim {

std::string hdf5_version();
std::string tbb_version();
std::string yaml_cpp_version();

}  // namespace trustsim
