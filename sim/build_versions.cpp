#include "sim/build_versions.hpp"

#include <hdf5.h>
#include <tbb/version.h>

namespace trustsim {

std::string hdf5_version() {
    unsigned major = 0, minor = 0, release = 0;
    H5get_libversion(&major, &minor, &release);
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
}

std::string tbb_version() { return TBB_runtime_version(); }

// yaml-cpp has no version macro; CMake passes the version its package config reported.
std::string yaml_cpp_version() { return TRUSTSIM_YAML_CPP_VERSION; }

}  // namespace trustsim
