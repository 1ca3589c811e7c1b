#include "sim/hdf5/run_reader.hpp"

#include "sim/hdf5/file.hpp"

#include <cstring>

// HDF5's constant macros (H5S_ALL, H5P_DEFAULT, ...) are C-style casts; they expand here.
#pragma GCC diagnostic ignored "-Wold-style-cast"

namespace trustsim {
namespace {

using hdf5::Handle;

std::vector<std::string> dataset_paths(hid_t file) {
    std::vector<std::string> paths;
    auto visit = [](hid_t, const char* name, const H5O_info_t* info, void* data) -> herr_t {
        if (info->type == H5O_TYPE_DATASET) static_cast<std::vector<std::string>*>(data)->push_back(std::string("/") + name);
        return 0;
    };
    if (H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_INC, visit, &paths, H5O_INFO_BASIC) < 0) {
        throw hdf5::Hdf5Error("HDF5: cannot list the datasets of the file");
    }
    return paths;
}

std::string type_name(hid_t type) {
    const std::size_t bits = 8 * H5Tget_size(type);
    switch (H5Tget_class(type)) {
        case H5T_FLOAT: return "float" + std::to_string(bits);
        case H5T_INTEGER: return (H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + std::to_string(bits);
        case H5T_STRING: return "string";
        default: return "other";
    }
}

/// The values of a dataset as bytes; a variable-length string dataset gives its strings' text,
/// each followed by a NUL (its raw values would be pointers, different in every read).
std::vector<unsigned char> raw_values(hid_t dataset) {
    Handle file_type(H5Dget_type(dataset), H5Tclose, "get dataset type");
    std::uint64_t count = 1;
    for (const std::uint64_t d : hdf5::dataset_shape(dataset)) count *= d;
    if (H5Tis_variable_str(file_type.id()) > 0) {
        std::vector<char*> strings(count, nullptr);
        std::vector<unsigned char> bytes;
        if (count == 0) return bytes;
        if (H5Dread(dataset, file_type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, strings.data()) < 0) {
            throw hdf5::Hdf5Error("HDF5: cannot read dataset");
        }
        for (const char* text : strings) {
            if (text) bytes.insert(bytes.end(), text, text + std::strlen(text));
            bytes.push_back(0);
        }
        Handle space(H5Dget_space(dataset), H5Sclose, "get dataset space");
        H5Dvlen_reclaim(file_type.id(), space.id(), H5P_DEFAULT, strings.data());
        return bytes;
    }
    Handle memory_type(H5Tget_native_type(file_type.id(), H5T_DIR_ASCEND), H5Tclose, "get native type");
    std::vector<unsigned char> bytes(count * H5Tget_size(memory_type.id()));
    if (count > 0 && H5Dread(dataset, memory_type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()) < 0) {
        throw hdf5::Hdf5Error("HDF5: cannot read dataset");
    }
    return bytes;
}

}  // namespace

RunSummary summarise_run(const std::string& path) {
    hdf5::silence_library_errors();
    Handle file = hdf5::open_file_read_only(path);
    RunSummary summary;
    const hid_t root = file.id();
    H5O_info_t info;
    H5Oget_info2(root, &info, H5O_INFO_NUM_ATTRS);
    for (hsize_t a = 0; a < info.num_attrs; ++a) {
        Handle attribute(H5Aopen_by_idx(root, ".", H5_INDEX_NAME, H5_ITER_INC, a, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                         "open root attribute");
        char name[256] = {};
        H5Aget_name(attribute.id(), sizeof name, name);
        Handle type(H5Aget_type(attribute.id()), H5Tclose, "get attribute type");
        if (H5Tget_class(type.id()) == H5T_STRING) {
            summary.text_attributes[name] = hdf5::read_string_attribute(root, name);
        } else {
            summary.numeric_attributes[name] = hdf5::read_numeric_attribute(root, name);
        }
    }
    for (const std::string& dataset_path : dataset_paths(root)) {
        Handle dataset = hdf5::open_dataset(root, dataset_path);
        Handle type(H5Dget_type(dataset.id()), H5Tclose, "get dataset type");
        DatasetSummary d{dataset_path, hdf5::dataset_shape(dataset.id()), type_name(type.id()), "", ""};
        if (hdf5::has_attribute(dataset.id(), "units")) d.units = hdf5::read_string_attribute(dataset.id(), "units");
        if (hdf5::has_attribute(dataset.id(), "description")) d.description = hdf5::read_string_attribute(dataset.id(), "description");
        summary.datasets.push_back(std::move(d));
    }
    return summary;
}

std::map<std::string, std::uint64_t> dataset_hashes(const std::string& path) {
    hdf5::silence_library_errors();
    Handle file = hdf5::open_file_read_only(path);
    std::map<std::string, std::uint64_t> hashes;
    for (const std::string& dataset_path : dataset_paths(file.id())) {
        Handle dataset = hdf5::open_dataset(file.id(), dataset_path);
        std::uint64_t hash = 0xcbf29ce484222325ull;
        for (const unsigned char byte : raw_values(dataset.id())) {
            hash ^= byte;
            hash *= 0x100000001b3ull;
        }
        hashes[dataset_path] = hash;
    }
    return hashes;
}

std::vector<double> read_dataset(const std::string& path, const std::string& dataset_path) {
    hdf5::silence_library_errors();
    Handle file = hdf5::open_file_read_only(path);
    Handle dataset = hdf5::open_dataset(file.id(), dataset_path);
    return hdf5::read_all<double>(dataset.id());
}

}  // namespace trustsim
