#include "sim/hdf5/run_reader.hpp"

#include "sim/hdf5/file.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <stdexcept>

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

std::string class_name(H5T_class_t kind) {
    switch (kind) {
        case H5T_INTEGER: return "integer";
        case H5T_FLOAT: return "float";
        case H5T_STRING: return "string";
        case H5T_COMPOUND: return "compound";
        case H5T_ARRAY: return "array";
        case H5T_ENUM: return "enum";
        case H5T_VLEN: return "variable-length";
        case H5T_REFERENCE: return "reference";
        case H5T_OPAQUE: return "opaque";
        case H5T_BITFIELD: return "bitfield";
        default: return "unknown";
    }
}

/// How an attribute reads: a single string or number, or else what it is.
enum class AttributeKind { text, number, other };

AttributeKind attribute_kind(hid_t attribute, std::string& description) {
    Handle type(H5Aget_type(attribute), H5Tclose, "get attribute type");
    Handle space(H5Aget_space(attribute), H5Sclose, "get attribute shape");
    const hssize_t points = H5Sget_simple_extent_npoints(space.id());
    const H5T_class_t kind = H5Tget_class(type.id());
    if (points == 1 && kind == H5T_STRING) return AttributeKind::text;
    if (points == 1 && (kind == H5T_INTEGER || kind == H5T_FLOAT)) return AttributeKind::number;
    description = std::string("(").append(class_name(kind)).append(" attribute of ").append(std::to_string(points));
    description.append(points == 1 ? " value)" : " values)");
    return AttributeKind::other;
}

std::string attribute_name(hid_t attribute) {
    const ssize_t length = H5Aget_name(attribute, 0, nullptr);
    if (length < 0) throw hdf5::Hdf5Error("HDF5: cannot read an attribute's name");
    std::string name(static_cast<std::size_t>(length) + 1, '\0');
    H5Aget_name(attribute, name.size(), name.data());
    name.resize(static_cast<std::size_t>(length));
    return name;
}

/// A dataset's `units` or `description`, or "" when it has none or it is not one string.
std::string text_attribute_or_empty(hid_t object, const char* name) {
    if (!hdf5::has_attribute(object, name)) return "";
    Handle attribute(H5Aopen(object, name, H5P_DEFAULT), H5Aclose, std::string("open attribute ") + name);
    std::string description;
    if (attribute_kind(attribute.id(), description) != AttributeKind::text) return "";
    return hdf5::read_string_attribute(object, name);
}

/// Logical bytes of a dataset beyond this many times what it stores cannot be data a writer put
/// there (deflate compresses at most ~1032:1): a damaged file, or a sparse one trustsim never
/// writes. Reading it would fabricate gigabytes of fill values.
constexpr double max_expansion = 1100;
constexpr std::uint64_t block_bytes = std::uint64_t{16} << 20;

/// Feeds the dataset's values, as the bytes of its native type (a variable-length string dataset:
/// its strings' text, each followed by a NUL), block by block along the first axis, into `sink`.
/// Returns false, reading nothing, for types without stable bytes.
template <class Sink>
bool for_each_block(hid_t dataset, const std::string& name, Sink&& sink) {
    Handle file_type(H5Dget_type(dataset), H5Tclose, "get the type of " + name);
    const bool strings = H5Tis_variable_str(file_type.id()) > 0;
    const H5T_class_t kind = H5Tget_class(file_type.id());
    if (!strings && (kind == H5T_VLEN || kind == H5T_REFERENCE || H5Tdetect_class(file_type.id(), H5T_VLEN) > 0 ||
                     H5Tdetect_class(file_type.id(), H5T_REFERENCE) > 0 ||
                     ((kind == H5T_COMPOUND || kind == H5T_ARRAY) && H5Tdetect_class(file_type.id(), H5T_STRING) > 0))) {
        return false;
    }
    Handle memory_type = strings ? Handle(H5Tcopy(file_type.id()), H5Tclose, "copy the type of " + name)
                                 : Handle(H5Tget_native_type(file_type.id(), H5T_DIR_ASCEND), H5Tclose,
                                          "get the native type of " + name);
    const std::size_t element = strings ? sizeof(char*) : H5Tget_size(memory_type.id());
    const std::vector<std::uint64_t> shape = hdf5::dataset_shape(dataset);
    if (shape.empty()) {  // a scalar dataset: one value
        std::vector<unsigned char> bytes(element);
        if (H5Dread(dataset, memory_type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()) < 0)
            throw hdf5::Hdf5Error("HDF5: cannot read dataset " + name);
        if (strings) {
            char* text = nullptr;
            std::memcpy(&text, bytes.data(), sizeof text);
            const std::string value = text ? text : "";
            H5free_memory(text);
            sink(reinterpret_cast<const unsigned char*>(value.c_str()), value.size() + 1);
        } else {
            sink(bytes.data(), bytes.size());
        }
        return true;
    }
    double logical = static_cast<double>(element);
    std::uint64_t row_elements = 1;
    for (std::size_t d = 0; d < shape.size(); ++d) {
        logical *= static_cast<double>(shape[d]);
        if (d > 0) row_elements *= shape[d];
    }
    if (logical == 0) return true;
    const double stored = static_cast<double>(H5Dget_storage_size(dataset));
    if (logical > max_expansion * stored + static_cast<double>(block_bytes) * 4) {
        throw hdf5::Hdf5Error("HDF5: dataset " + name + " declares " + std::to_string(static_cast<std::uint64_t>(logical)) +
                              " bytes but the file stores " + std::to_string(static_cast<std::uint64_t>(stored)) +
                              ": it is damaged (or sparse, which trustsim never writes)");
    }
    const std::uint64_t row_bytes = row_elements * element;
    const std::uint64_t rows_per_block = std::max<std::uint64_t>(1, block_bytes / std::max<std::uint64_t>(row_bytes, 1));
    Handle file_space(H5Dget_space(dataset), H5Sclose, "get the shape of " + name);
    std::vector<unsigned char> bytes;
    for (std::uint64_t first = 0; first < shape[0]; first += rows_per_block) {
        std::vector<hsize_t> start(shape.size(), 0), count(shape.begin(), shape.end());
        start[0] = first;
        count[0] = std::min<std::uint64_t>(rows_per_block, shape[0] - first);
        if (H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr) < 0)
            throw hdf5::Hdf5Error("HDF5: cannot select rows of " + name);
        const hsize_t values = count[0] * row_elements;
        Handle memory_space(H5Screate_simple(1, &values, nullptr), H5Sclose, "create a dataspace");
        bytes.assign(values * element, 0);
        if (H5Dread(dataset, memory_type.id(), memory_space.id(), file_space.id(), H5P_DEFAULT, bytes.data()) < 0)
            throw hdf5::Hdf5Error("HDF5: cannot read dataset " + name);
        if (!strings) {
            sink(bytes.data(), bytes.size());
            continue;
        }
        std::vector<unsigned char> text;
        for (hsize_t i = 0; i < values; ++i) {
            const char* value = nullptr;
            std::memcpy(&value, bytes.data() + i * element, sizeof value);
            if (value) text.insert(text.end(), value, value + std::strlen(value));
            text.push_back(0);
        }
        H5Dvlen_reclaim(memory_type.id(), memory_space.id(), H5P_DEFAULT, bytes.data());
        sink(text.data(), text.size());
    }
    return true;
}

RunSummary summarise_open_file(hid_t root) {
    RunSummary summary;
    H5O_info_t info;
    if (H5Oget_info2(root, &info, H5O_INFO_NUM_ATTRS) < 0) throw hdf5::Hdf5Error("HDF5: cannot read the root group");
    for (hsize_t a = 0; a < info.num_attrs; ++a) {
        Handle attribute(H5Aopen_by_idx(root, ".", H5_INDEX_NAME, H5_ITER_INC, a, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                         "open root attribute " + std::to_string(a));
        const std::string name = attribute_name(attribute.id());
        std::string description;
        switch (attribute_kind(attribute.id(), description)) {
            case AttributeKind::text: summary.text_attributes[name] = hdf5::read_string_attribute(root, name); break;
            case AttributeKind::number: summary.numeric_attributes[name] = hdf5::read_numeric_attribute(root, name); break;
            case AttributeKind::other: summary.text_attributes[name] = description; break;
        }
    }
    for (const std::string& dataset_path : dataset_paths(root)) {
        Handle dataset = hdf5::open_dataset(root, dataset_path);
        Handle type(H5Dget_type(dataset.id()), H5Tclose, "get dataset type");
        DatasetSummary d{dataset_path, hdf5::dataset_shape(dataset.id()), type_name(type.id()), "", ""};
        d.units = text_attribute_or_empty(dataset.id(), "units");
        d.description = text_attribute_or_empty(dataset.id(), "description");
        summary.datasets.push_back(std::move(d));
    }
    return summary;
}

std::map<std::string, std::uint64_t> hash_open_file(hid_t root) {
    std::map<std::string, std::uint64_t> hashes;
    for (const std::string& dataset_path : dataset_paths(root)) {
        Handle dataset = hdf5::open_dataset(root, dataset_path);
        std::uint64_t hash = 0xcbf29ce484222325ull;
        const bool hashed = for_each_block(dataset.id(), dataset_path, [&](const unsigned char* data, std::size_t size) {
            for (std::size_t i = 0; i < size; ++i) {
                hash ^= data[i];
                hash *= 0x100000001b3ull;
            }
        });
        if (hashed) hashes[dataset_path] = hash;
    }
    return hashes;
}

/// Opens `path` read-only and runs `read` on it; any failure becomes a std::runtime_error that
/// starts with the path (HDF5's own messages name only the object).
template <class Read>
auto read_file(const std::string& path, Read&& read) {
    hdf5::silence_library_errors();
    Handle file;
    try {
        file = hdf5::open_file_read_only(path);
    } catch (const hdf5::Hdf5Error&) {
        throw std::runtime_error(path + " is not an HDF5 file (or cannot be read)");
    }
    try {
        return read(file.id());
    } catch (const std::exception& e) {
        throw std::runtime_error(path + ": " + e.what());
    }
}

std::string shape_text(const std::vector<std::uint64_t>& shape) {
    std::string text = "[";
    for (std::size_t k = 0; k < shape.size(); ++k) text += (k ? " x " : "") + std::to_string(shape[k]);
    return text + "]";
}

std::string format_line(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string format_line(const char* format, ...) {
    va_list args;
    va_start(args, format);
    va_list again;
    va_copy(again, args);
    const int length = std::vsnprintf(nullptr, 0, format, args);
    va_end(args);
    std::string text(static_cast<std::size_t>(std::max(length, 0)) + 1, '\0');
    std::vsnprintf(text.data(), text.size(), format, again);
    va_end(again);
    text.resize(static_cast<std::size_t>(std::max(length, 0)));
    return text;
}

}  // namespace

RunSummary summarise_run(const std::string& path) { return read_file(path, summarise_open_file); }

std::map<std::string, std::uint64_t> dataset_hashes(const std::string& path) { return read_file(path, hash_open_file); }

RunFileReport report_run_file(const std::string& path, bool with_hashes, hdf5::Isolation isolation) {
    if (isolation == hdf5::Isolation::child_process) {
        // The report comes back as note NUL text.
        const std::string both = hdf5::read_isolated(path, [&] {
            const RunFileReport report = report_run_file(path, with_hashes, hdf5::Isolation::none);
            return report.note + '\0' + report.text;
        });
        const std::size_t split = both.find('\0');
        return {both.substr(split + 1), both.substr(0, split)};
    }
    const RunSummary summary = summarise_run(path);
    const auto hashes = with_hashes ? dataset_hashes(path) : std::map<std::string, std::uint64_t>{};
    RunFileReport report;
    const auto format = summary.text_attributes.find("format");
    const std::string kind = format == summary.text_attributes.end() ? "" : format->second;
    if (kind == "trustsim-checkpoint") {
        report.note = path + " is a trustsim checkpoint, not a run file: continue it with trustsim run --from " + path;
    } else if (kind == "trustsim-sweep") {
        report.note = path + " holds a sweep's results, not one run (docs/sweeps.md describes its layout)";
    } else if (kind != "trustsim-run") {
        report.note = path + " is an HDF5 file, but not one trustsim wrote (it has no format attribute 'trustsim-run'); "
                             "its attributes and datasets follow";
    }
    report.text = path + "\n";
    for (const auto& [name, value] : summary.text_attributes) {
        if (name == "config_yaml") continue;
        report.text += format_line("  %-18s %s\n", name.c_str(), value.c_str());
    }
    for (const auto& [name, value] : summary.numeric_attributes) report.text += format_line("  %-18s %.17g\n", name.c_str(), value);
    if (const auto config = summary.text_attributes.find("config_yaml"); config != summary.text_attributes.end()) {
        report.text += format_line("  %-18s (%zu lines; `trustsim info --config %s` prints it)\n", "config_yaml",
                                   static_cast<std::size_t>(std::count(config->second.begin(), config->second.end(), '\n')),
                                   path.c_str());
    }
    report.text += "datasets:\n";
    for (const DatasetSummary& d : summary.datasets) {
        report.text += format_line("  %-40s %-8s %-18s %s", d.path.c_str(), d.element_type.c_str(), shape_text(d.shape).c_str(),
                                   d.units.c_str());
        if (with_hashes) {
            const auto hash = hashes.find(d.path);
            report.text += hash == hashes.end() ? std::string("  (not hashed: no stable bytes)")
                                                : format_line("  %016llx", static_cast<unsigned long long>(hash->second));
        }
        report.text += "\n";
    }
    return report;
}

std::string run_config_yaml(const std::string& path, hdf5::Isolation isolation) {
    if (isolation == hdf5::Isolation::child_process) {
        return hdf5::read_isolated(path, [&] { return run_config_yaml(path, hdf5::Isolation::none); });
    }
    const RunSummary summary = summarise_run(path);
    const auto config = summary.text_attributes.find("config_yaml");
    if (config == summary.text_attributes.end()) {
        const auto format = summary.text_attributes.find("format");
        const bool ours = format != summary.text_attributes.end() && format->second.rfind("trustsim-", 0) == 0;
        throw std::invalid_argument(path + " holds no scenario (no config_yaml attribute): it is " +
                                    (ours ? std::string("a ").append(format->second).append(" file") : std::string("not a file trustsim wrote")) +
                                    "; run files and checkpoints hold one");
    }
    return config->second;
}

std::vector<double> read_dataset(const std::string& path, const std::string& dataset_path) {
    hdf5::silence_library_errors();
    Handle file = hdf5::open_file_read_only(path);
    Handle dataset = hdf5::open_dataset(file.id(), dataset_path);
    return hdf5::read_all<double>(dataset.id());
}

}  // namespace trustsim
