#include "sim/hdf5/file.hpp"

#include "sim/hdf5/chunk_compression.hpp"
#include "sim/parallel.hpp"

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include <algorithm>
#include <string>
#include <system_error>
#include <utility>

// HDF5's constant macros (H5S_ALL, H5P_DEFAULT, ...) are C-style casts; they expand here.
#pragma GCC diagnostic ignored "-Wold-style-cast"

namespace trustsim::hdf5 {
namespace {

/// The reason HDF5 recorded for the error it just reported. Its file drivers put errno into the
/// message text ("..., errno = 28, error message = 'No space left on device', ..."): that is the
/// reason a user can act on, so it wins; otherwise the innermost message, where the error began.
std::string recorded_cause() {
    struct Found {
        int system_error = 0;
        std::string innermost;
    } found;
    const auto visit = [](unsigned, const H5E_error2_t* entry, void* data) -> herr_t {
        auto& into = *static_cast<Found*>(data);
        if (entry->desc == nullptr) return 0;
        const std::string text = entry->desc;
        if (const auto at = text.find("errno = "); at != std::string::npos && into.system_error == 0) {
            into.system_error = std::atoi(text.c_str() + at + 8);
        }
        if (!text.empty()) into.innermost = text;
        return 0;
    };
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, visit, &found);
    H5Eclear2(H5E_DEFAULT);
    if (found.system_error > 0) return std::generic_category().message(found.system_error);
    return found.innermost;
}

[[noreturn]] void fail(const std::string& what) { throw Hdf5Error("HDF5: cannot " + what, recorded_cause()); }

hid_t check(hid_t id, const std::string& what) {
    if (id < 0) fail(what);
    return id;
}
void check_status(herr_t status, const std::string& what) {
    if (status < 0) fail(what);
}

/// The object's full path in its file (e.g. /snapshots/agents/trust_in_manager), or `fallback`.
std::string object_path(hid_t object, const std::string& fallback) {
    const ssize_t length = H5Iget_name(object, nullptr, 0);
    if (length <= 0) return fallback;
    std::string path(static_cast<std::size_t>(length) + 1, '\0');
    H5Iget_name(object, path.data(), path.size());
    path.resize(static_cast<std::size_t>(length));
    return path;
}

Handle make_space(std::span<const hsize_t> dims, std::span<const hsize_t> max_dims) {
    return Handle(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max_dims.data()), H5Sclose,
                  "create a dataspace");
}

Handle chunked_properties(std::span<const hsize_t> chunk, const DatasetOptions& options, const std::string& name) {
    Handle properties(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create properties for " + name);
    check_status(H5Pset_chunk(properties.id(), static_cast<int>(chunk.size()), chunk.data()), "set chunking of " + name);
    if (options.compression_level > 0) {
        check_status(H5Pset_shuffle(properties.id()), "set shuffle on " + name);
        check_status(H5Pset_deflate(properties.id(), static_cast<unsigned>(options.compression_level)),
                     "set gzip on " + name);
    }
    return properties;
}

/// About 1 MiB per chunk: large enough for gzip to work well, small enough to append cheaply.
hsize_t chunk_length(std::size_t count, std::size_t element_size) {
    const std::size_t target = (std::size_t{1} << 20) / element_size;
    return static_cast<hsize_t>(std::max<std::size_t>(1, std::min(count, target)));
}

// HDF5 installs an exit handler that closes whatever is still open. A file given up after a write
// error is deliberately left open (abandon_file), and closing it there would fail again and crash
// the library; every other file trustsim writes is closed, checked, before the process ends. So the
// handler is not installed. This must precede the library's first use, hence a static initialiser.
[[maybe_unused]] const herr_t exit_handler_declined = H5dont_atexit();

/// One chunk to compress and write: `rows` rows of `used` bytes each, taken from `source` every
/// `source_stride` bytes and laid out every `chunk_row_bytes` bytes in a chunk of `chunk_bytes`
/// (the rest is the fill value 0, as HDF5 pads a chunk past the extent).
struct ChunkTask {
    hid_t dataset = -1;
    const std::string* path = nullptr;
    hsize_t offset[2] = {0, 0};
    const unsigned char* source = nullptr;
    std::size_t rows = 0, used = 0, source_stride = 0, chunk_row_bytes = 0, chunk_bytes = 0, element_size = 1;
    int level = 1;
    std::vector<unsigned char> compressed;
};

/// Compresses every task's chunk, in parallel, then writes them in order with H5Dwrite_chunk and
/// a filter mask of 0 ("every filter applied"): only the calling thread touches HDF5.
void compress_and_write(std::vector<ChunkTask>& tasks) {
    std::atomic<std::size_t> failed{tasks.size()};
    parallel_ranges(tasks.size(), 1, [&](std::size_t first, std::size_t last) {
        thread_local std::vector<unsigned char> raw;
        for (std::size_t t = first; t < last; ++t) {
            ChunkTask& task = tasks[t];
            raw.assign(task.chunk_bytes, 0);
            if (task.used == task.source_stride && task.used == task.chunk_row_bytes) {
                std::memcpy(raw.data(), task.source, task.rows * task.used);
            } else {
                for (std::size_t r = 0; r < task.rows; ++r) {
                    std::memcpy(raw.data() + r * task.chunk_row_bytes, task.source + r * task.source_stride, task.used);
                }
            }
            if (!shuffle_and_deflate(raw.data(), raw.size(), task.element_size, task.level, task.compressed)) failed = t;
        }
    });
    if (failed < tasks.size()) throw Hdf5Error("HDF5: could not compress a chunk of " + *tasks[failed].path);
    for (ChunkTask& task : tasks) {
        check_status(H5Dwrite_chunk(task.dataset, H5P_DEFAULT, 0, task.offset, task.compressed.size(), task.compressed.data()),
                     "write a chunk of " + *task.path);
        std::vector<unsigned char>().swap(task.compressed);
    }
}

}  // namespace

Handle::Handle(hid_t id, Closer closer, const std::string& what) : id_(check(id, what)), closer_(closer) {}
Handle::Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)), closer_(other.closer_) {}
Handle& Handle::operator=(Handle&& other) noexcept {
    if (this != &other) {
        close();
        id_ = std::exchange(other.id_, -1);
        closer_ = other.closer_;
    }
    return *this;
}
Handle::~Handle() { close(); }
void Handle::close() {
    if (id_ >= 0 && closer_) closer_(id_);
    id_ = -1;
}
void Handle::close_checked(const std::string& what) {
    if (id_ >= 0 && closer_ == H5Fclose) {
        // With objects still open HDF5 reports success but defers the real close, and the writes
        // it makes then, to the last of them: their errors would never be seen.
        const ssize_t open_objects =
            H5Fget_obj_count(id_, H5F_OBJ_DATASET | H5F_OBJ_GROUP | H5F_OBJ_DATATYPE | H5F_OBJ_ATTR);
        if (open_objects != 0) {
            throw Hdf5Error("HDF5: cannot close " + what, open_objects < 0 ? recorded_cause()
                                                                           : std::to_string(open_objects) +
                                                                                 " objects in it are still open");
        }
    }
    const hid_t id = std::exchange(id_, -1);
    if (id >= 0 && closer_) check_status(closer_(id), "close " + what);
}

Hdf5Error::Hdf5Error(const std::string& operation, const std::string& cause)
    : std::runtime_error(cause.empty() ? operation : operation + ": " + cause), operation_(operation), cause_(cause) {}

template <> hid_t native_type<double>() { return H5T_NATIVE_DOUBLE; }
template <> hid_t native_type<float>() { return H5T_NATIVE_FLOAT; }
template <> hid_t native_type<std::int32_t>() { return H5T_NATIVE_INT32; }
template <> hid_t native_type<std::uint8_t>() { return H5T_NATIVE_UINT8; }
template <> hid_t native_type<std::uint16_t>() { return H5T_NATIVE_UINT16; }
template <> hid_t native_type<std::uint32_t>() { return H5T_NATIVE_UINT32; }
template <> hid_t native_type<std::uint64_t>() { return H5T_NATIVE_UINT64; }

void silence_library_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

Handle create_file(const std::string& path) {
    return Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, "create file " + path);
}
Handle create_file_for_readers(const std::string& path) {
    Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create file access properties");
    check_status(H5Pset_libver_bounds(access.id(), H5F_LIBVER_V110, H5F_LIBVER_V110), "choose the HDF5 1.10 format");
    return Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.id()), H5Fclose, "create file " + path);
}
void start_swmr_write(hid_t file, const std::string& path) {
    check_status(H5Fstart_swmr_write(file), "open " + path + " to readers (SWMR)");
}
void flush_file(hid_t file, const std::string& path) {
    check_status(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush " + path);
}

void abandon_file(Handle& file) noexcept {
    if (!file) return;
    const hid_t access = H5Fget_access_plist(file.id());
    if (access >= 0) {
        void* descriptor = nullptr;
        if (H5Pget_driver(access) == H5FD_SEC2 && H5Fget_vfd_handle(file.id(), access, &descriptor) >= 0 &&
            descriptor != nullptr) {
            // Best effort: if this fails the space comes back when the process ends.
            [[maybe_unused]] const int truncated = ::ftruncate(*static_cast<int*>(descriptor), 0);
        }
        H5Pclose(access);
    }
    file.abandon();
}
Handle open_file_read_only(const std::string& path) {
    return Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
                  "open " + path + " (missing, or not an HDF5 file)");
}
Handle create_group(hid_t parent, const std::string& name) {
    return Handle(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                  "create group " + name);
}
Handle open_group(hid_t parent, const std::string& name) {
    return Handle(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose, "open group " + name);
}
Handle open_dataset(hid_t parent, const std::string& path) {
    return Handle(H5Dopen2(parent, path.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + path);
}

namespace {

/// An attribute written before is rewritten in place (of the same type): a file open to SWMR
/// readers takes no new attributes, so the values known only at the end are created early.
Handle open_or_create_attribute(hid_t object, const std::string& name, hid_t type) {
    if (H5Aexists(object, name.c_str()) > 0) {
        return Handle(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
    }
    Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
    return Handle(H5Acreate2(object, name.c_str(), type, space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                  "create attribute " + name);
}

}  // namespace

void write_attribute(hid_t object, const std::string& name, const std::string& value) {
    // Variable-length UTF-8: h5py returns str, R and Julia return character strings, and no
    // tool has to guess about padding or a missing terminator.
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    check_status(H5Tset_size(type.id(), H5T_VARIABLE), "size string attribute " + name);
    check_status(H5Tset_cset(type.id(), H5T_CSET_UTF8), "set UTF-8 on attribute " + name);
    Handle attribute = open_or_create_attribute(object, name, type.id());
    const char* data = value.c_str();
    check_status(H5Awrite(attribute.id(), type.id(), &data), "write attribute " + name);
}

template <class T>
void write_attribute(hid_t object, const std::string& name, T value) {
    Handle attribute = open_or_create_attribute(object, name, native_type<T>());
    check_status(H5Awrite(attribute.id(), native_type<T>(), &value), "write attribute " + name);
}
template void write_attribute<double>(hid_t, const std::string&, double);
template void write_attribute<std::int32_t>(hid_t, const std::string&, std::int32_t);
template void write_attribute<std::uint32_t>(hid_t, const std::string&, std::uint32_t);
template void write_attribute<std::uint64_t>(hid_t, const std::string&, std::uint64_t);

bool has_attribute(hid_t object, const std::string& name) { return H5Aexists(object, name.c_str()) > 0; }

namespace {

/// Attributes trustsim reads hold one value. A file from elsewhere (or a damaged one) may hold
/// an array there, or claim more bytes than it stores; reading it into one value would write past
/// the buffer, so both are errors naming the attribute.
void check_single_value(hid_t attribute, hid_t type, const std::string& name) {
    Handle space(H5Aget_space(attribute), H5Sclose, "read the shape of attribute " + name);
    const hssize_t points = H5Sget_simple_extent_npoints(space.id());
    if (points != 1) {
        throw Hdf5Error("HDF5: attribute " + name + " holds " + std::to_string(points) + " values, not one");
    }
    const std::size_t size = H5Tget_size(type);
    if (size == 0 || (H5Tis_variable_str(type) <= 0 && H5Aget_storage_size(attribute) < size)) {
        throw Hdf5Error("HDF5: attribute " + name + " is damaged (its type is " + std::to_string(size) +
                        " bytes, it stores " + std::to_string(H5Aget_storage_size(attribute)) + ")");
    }
}

}  // namespace

std::string read_string_attribute(hid_t object, const std::string& name) {
    Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
    Handle type(H5Aget_type(attribute.id()), H5Tclose, "read type of attribute " + name);
    if (H5Tget_class(type.id()) != H5T_STRING) throw Hdf5Error("HDF5: attribute " + name + " is not a string");
    check_single_value(attribute.id(), type.id(), name);
    if (H5Tis_variable_str(type.id()) > 0) {
        char* text = nullptr;
        check_status(H5Aread(attribute.id(), type.id(), &text), "read attribute " + name);
        std::string value = text ? text : "";
        H5free_memory(text);
        return value;
    }
    std::string value(H5Tget_size(type.id()), '\0');
    check_status(H5Aread(attribute.id(), type.id(), value.data()), "read attribute " + name);
    value.erase(std::find(value.begin(), value.end(), '\0'), value.end());
    return value;
}

double read_numeric_attribute(hid_t object, const std::string& name) {
    Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
    Handle type(H5Aget_type(attribute.id()), H5Tclose, "read type of attribute " + name);
    const H5T_class_t kind = H5Tget_class(type.id());
    if (kind != H5T_INTEGER && kind != H5T_FLOAT) throw Hdf5Error("HDF5: attribute " + name + " is not a number");
    check_single_value(attribute.id(), type.id(), name);
    double value = 0;
    check_status(H5Aread(attribute.id(), H5T_NATIVE_DOUBLE, &value), "read attribute " + name + " as a number");
    return value;
}

std::int64_t read_integer_attribute(hid_t object, const std::string& name, std::int64_t lo, std::int64_t hi) {
    const double value = read_numeric_attribute(object, name);
    // Compared as doubles first: converting a NaN or an out-of-range double to an integer is undefined.
    if (!(value >= static_cast<double>(lo) && value <= static_cast<double>(hi)) || std::floor(value) != value) {
        throw Hdf5Error("HDF5: attribute " + name + " must be an integer in [" + std::to_string(lo) + ", " +
                        std::to_string(hi) + "], it is " + std::to_string(value));
    }
    return static_cast<std::int64_t>(value);
}

template <class T>
void write_array(hid_t parent, const std::string& name, std::span<const T> values, const std::string& units,
                 const std::string& description, const DatasetOptions& options) {
    const hsize_t length = values.size();
    const hsize_t dims[] = {length};
    Handle space = make_space(dims, dims);
    const hsize_t chunk[] = {chunk_length(values.size(), sizeof(T))};
    Handle properties = length > 0 ? chunked_properties(chunk, options, name)
                                   : Handle(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create properties");
    Handle dataset(H5Dcreate2(parent, name.c_str(), native_type<T>(), space.id(), H5P_DEFAULT, properties.id(),
                              H5P_DEFAULT),
                   H5Dclose, "create dataset " + name);
    const std::string path = object_path(dataset.id(), name);
    if (length > 0 && options.compression_level > 0) {
        std::vector<ChunkTask> tasks;
        const auto* bytes = reinterpret_cast<const unsigned char*>(values.data());
        for (hsize_t begin = 0; begin < length; begin += chunk[0]) {
            ChunkTask& task = tasks.emplace_back();
            task.dataset = dataset.id();
            task.path = &path;
            task.offset[0] = begin;
            task.source = bytes + begin * sizeof(T);
            task.rows = 1;
            task.used = static_cast<std::size_t>(std::min<hsize_t>(chunk[0], length - begin)) * sizeof(T);
            task.source_stride = task.chunk_row_bytes = task.chunk_bytes = chunk[0] * sizeof(T);
            task.element_size = sizeof(T);
            task.level = options.compression_level;
        }
        compress_and_write(tasks);
    } else if (length > 0) {
        check_status(H5Dwrite(dataset.id(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
                     "write dataset " + path);
    }
    write_attribute(dataset.id(), "units", units);
    write_attribute(dataset.id(), "description", description);
}
template void write_array<double>(hid_t, const std::string&, std::span<const double>, const std::string&,
                                  const std::string&, const DatasetOptions&);
template void write_array<float>(hid_t, const std::string&, std::span<const float>, const std::string&,
                                 const std::string&, const DatasetOptions&);
template void write_array<std::int32_t>(hid_t, const std::string&, std::span<const std::int32_t>, const std::string&,
                                        const std::string&, const DatasetOptions&);
template void write_array<std::uint8_t>(hid_t, const std::string&, std::span<const std::uint8_t>, const std::string&,
                                        const std::string&, const DatasetOptions&);
template void write_array<std::uint32_t>(hid_t, const std::string&, std::span<const std::uint32_t>,
                                         const std::string&, const std::string&, const DatasetOptions&);
template void write_array<std::uint64_t>(hid_t, const std::string&, std::span<const std::uint64_t>,
                                         const std::string&, const std::string&, const DatasetOptions&);

template <class T>
GrowingDataset GrowingDataset::create(hid_t parent, const std::string& name, std::size_t width,
                                      const std::string& units, const std::string& description,
                                      const DatasetOptions& options, std::size_t rows_per_chunk) {
    GrowingDataset grown;
    Layout& layout = grown.layout_;
    layout.path = name;
    layout.element_type = native_type<T>();
    layout.width = width;
    std::vector<hsize_t> dims{0};
    std::vector<hsize_t> max_dims{H5S_UNLIMITED};
    std::vector<hsize_t> chunk;
    if (width == 0) {
        chunk = {1024};
    } else {
        dims.push_back(width);
        max_dims.push_back(width);
        // Wide rows (snapshots, team series of large organisations) are cut into 256 KiB chunks
        // so that flush() can compress the chunks of a row in parallel.
        const hsize_t columns = std::min<hsize_t>(chunk_length(width, sizeof(T)), (std::size_t{1} << 18) / sizeof(T));
        const hsize_t rows = rows_per_chunk > 0
                                 ? rows_per_chunk
                                 : std::max<hsize_t>(1, std::min<hsize_t>(64, ((std::size_t{1} << 20) / sizeof(T)) / columns));
        chunk = {rows, columns};
    }
    layout.rows_per_chunk = chunk[0];
    layout.chunk_columns = width == 0 ? chunk[0] : chunk[1];
    layout.element_size = sizeof(T);
    layout.compression_level = options.compression_level;
    Handle space = make_space(dims, max_dims);
    Handle properties = chunked_properties(chunk, options, name);
    grown.dataset_ = Handle(H5Dcreate2(parent, name.c_str(), layout.element_type, space.id(), H5P_DEFAULT,
                                       properties.id(), H5P_DEFAULT),
                            H5Dclose, "create dataset " + name);
    layout.path = object_path(grown.dataset_.id(), name);
    write_attribute(grown.dataset_.id(), "units", units);
    write_attribute(grown.dataset_.id(), "description", description);
    return grown;
}

bool GrowingDataset::writes_direct() const noexcept {
    return layout_.compression_level > 0 && rows_ % layout_.rows_per_chunk == 0;
}

// HDF5 runs its filter pipeline (shuffle, then deflate) on one core, on the calling thread. The
// direct path does the same work itself (sim/hdf5/chunk_compression.hpp), for every chunk of every
// dataset given, in parallel, and hands the finished chunks to H5Dwrite_chunk.
void flush_together(std::span<GrowingDataset* const> datasets) {
    std::vector<ChunkTask> tasks;
    std::vector<std::pair<GrowingDataset*, std::size_t>> direct;  // and its number of chunks
    for (GrowingDataset* dataset : datasets) {
        if (dataset->pending_rows_ == 0 || !dataset->dataset_) continue;
        if (!dataset->writes_direct()) {
            dataset->write_rows_through_filters();
            continue;
        }
        const GrowingDataset::Layout& layout = dataset->layout_;
        const std::size_t tasks_before = tasks.size();
        const bool one_dimensional = layout.width == 0;
        const hsize_t new_dims[] = {dataset->rows_ + dataset->pending_rows_, layout.width};
        check_status(H5Dset_extent(dataset->dataset_.id(), new_dims), "extend dataset " + layout.path);
        const std::size_t width = one_dimensional ? 1 : layout.width;
        const std::size_t chunk_columns = one_dimensional ? 1 : layout.chunk_columns;
        const std::size_t row_bytes = width * layout.element_size;
        const std::size_t column_bytes = chunk_columns * layout.element_size;
        const std::size_t chunks_per_row = (width + chunk_columns - 1) / chunk_columns;
        // One block of rows_per_chunk rows at a time; the last block may be partial (rows past the
        // extent are padding, as HDF5 itself stores them).
        for (std::size_t first_row = 0; first_row < dataset->pending_rows_; first_row += layout.rows_per_chunk) {
            for (std::size_t c = 0; c < chunks_per_row; ++c) {
                ChunkTask& task = tasks.emplace_back();
                task.dataset = dataset->dataset_.id();
                task.path = &layout.path;
                task.offset[0] = dataset->rows_ + first_row;
                task.offset[1] = c * chunk_columns;
                task.source = dataset->pending_.data() + first_row * row_bytes + c * column_bytes;
                task.rows = std::min(layout.rows_per_chunk, dataset->pending_rows_ - first_row);
                task.used = std::min(column_bytes, row_bytes - c * column_bytes);
                task.source_stride = row_bytes;
                task.chunk_row_bytes = column_bytes;
                task.chunk_bytes = layout.rows_per_chunk * column_bytes;
                task.element_size = layout.element_size;
                task.level = layout.compression_level;
            }
        }
        direct.emplace_back(dataset, tasks.size() - tasks_before);
    }
    compress_and_write(tasks);
    for (auto [dataset, chunks] : direct) {
        dataset->chunks_written_direct_ += chunks;
        dataset->rows_ += dataset->pending_rows_;
        dataset->pending_rows_ = 0;
        dataset->pending_.clear();
    }
}

template <class T>
void GrowingDataset::stage(std::span<const T> row) {
    if (!dataset_) {
        throw Hdf5Error("HDF5: cannot append to " + layout_.path, "the dataset is closed or was moved from");
    }
    const std::size_t expected = layout_.width == 0 ? 1 : layout_.width;
    if (row.size() != expected) throw Hdf5Error("HDF5: row of wrong width appended to " + layout_.path);
    const auto* bytes = reinterpret_cast<const unsigned char*>(row.data());
    pending_.insert(pending_.end(), bytes, bytes + row.size_bytes());
    ++pending_rows_;
}

template <class T>
void GrowingDataset::append(std::span<const T> row) {
    stage(row);
    if (chunk_full()) flush();
}

GrowingDataset& GrowingDataset::operator=(GrowingDataset&& other) noexcept {
    if (this != &other) {
        try {
            flush();
        } catch (const Hdf5Error&) {
        }
        dataset_ = std::move(other.dataset_);
        layout_ = std::move(other.layout_);
        rows_ = other.rows_;
        pending_rows_ = std::exchange(other.pending_rows_, 0);
        pending_ = std::move(other.pending_);
        chunks_written_direct_ = other.chunks_written_direct_;
        rows_written_through_filters_ = other.rows_written_through_filters_;
    }
    return *this;
}

GrowingDataset::~GrowingDataset() {
    try {
        flush();
    } catch (const Hdf5Error&) {
    }
}

void GrowingDataset::flush() {
    GrowingDataset* self = this;
    flush_together({&self, 1});
}

void GrowingDataset::publish() {
    flush();
    if (dataset_) check_status(H5Dflush(dataset_.id()), "write the cached chunks of " + layout_.path);
}

void GrowingDataset::close() {
    flush();
    if (!dataset_) return;
    // H5Dflush writes the chunk cache and leaves the dataset open if that fails; a failed H5Dclose
    // would leave HDF5 holding an id to freed state (see abandon_file).
    check_status(H5Dflush(dataset_.id()), "write the cached chunks of " + layout_.path);
    dataset_.close_checked("dataset " + layout_.path);
}

void GrowingDataset::abandon() noexcept {
    pending_rows_ = 0;
    pending_.clear();
    dataset_.abandon();
}

void GrowingDataset::write_rows_through_filters() {
    const std::size_t width = layout_.width == 0 ? 1 : layout_.width;
    const hsize_t new_dims[] = {rows_ + pending_rows_, layout_.width};
    check_status(H5Dset_extent(dataset_.id(), new_dims), "extend dataset " + layout_.path);
    Handle file_space(H5Dget_space(dataset_.id()), H5Sclose, "get space of " + layout_.path);
    const hsize_t start[] = {rows_, 0};
    const hsize_t count[] = {pending_rows_, layout_.width};
    check_status(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, start, nullptr, count, nullptr),
                 "select rows of " + layout_.path);
    const hsize_t memory_dims[] = {pending_rows_ * width};
    Handle memory_space = make_space(memory_dims, memory_dims);
    check_status(H5Dwrite(dataset_.id(), layout_.element_type, memory_space.id(), file_space.id(), H5P_DEFAULT,
                          pending_.data()),
                 "append to " + layout_.path);
    rows_ += pending_rows_;
    rows_written_through_filters_ += pending_rows_;
    pending_rows_ = 0;
    pending_.clear();
}

template GrowingDataset GrowingDataset::create<double>(hid_t, const std::string&, std::size_t, const std::string&,
                                                       const std::string&, const DatasetOptions&, std::size_t);
template GrowingDataset GrowingDataset::create<float>(hid_t, const std::string&, std::size_t, const std::string&,
                                                      const std::string&, const DatasetOptions&, std::size_t);
template GrowingDataset GrowingDataset::create<std::int32_t>(hid_t, const std::string&, std::size_t,
                                                             const std::string&, const std::string&,
                                                             const DatasetOptions&, std::size_t);
template void GrowingDataset::append<double>(std::span<const double>);
template void GrowingDataset::stage<double>(std::span<const double>);
template void GrowingDataset::stage<float>(std::span<const float>);
template void GrowingDataset::stage<std::int32_t>(std::span<const std::int32_t>);
template void GrowingDataset::stage<std::uint32_t>(std::span<const std::uint32_t>);
template void GrowingDataset::stage<std::uint16_t>(std::span<const std::uint16_t>);
template void GrowingDataset::append<float>(std::span<const float>);
template GrowingDataset GrowingDataset::create<std::uint16_t>(hid_t, const std::string&, std::size_t,
                                                              const std::string&, const std::string&,
                                                              const DatasetOptions&, std::size_t);
template GrowingDataset GrowingDataset::create<std::uint32_t>(hid_t, const std::string&, std::size_t,
                                                              const std::string&, const std::string&,
                                                              const DatasetOptions&, std::size_t);
template void GrowingDataset::append<std::int32_t>(std::span<const std::int32_t>);
template void GrowingDataset::append<std::uint32_t>(std::span<const std::uint32_t>);
template void GrowingDataset::append<std::uint16_t>(std::span<const std::uint16_t>);

void write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values,
                   const std::string& units, const std::string& description) {
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    check_status(H5Tset_size(type.id(), H5T_VARIABLE), "size strings of " + name);
    check_status(H5Tset_cset(type.id(), H5T_CSET_UTF8), "set UTF-8 on " + name);
    const hsize_t dims[] = {values.size()};
    Handle space = make_space(dims, dims);
    Handle dataset(H5Dcreate2(parent, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                   H5Dclose, "create dataset " + name);
    std::vector<const char*> pointers;
    pointers.reserve(values.size());
    for (const std::string& value : values) pointers.push_back(value.c_str());
    if (!values.empty()) {
        check_status(H5Dwrite(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
                     "write dataset " + name);
    }
    write_attribute(dataset.id(), "units", units);
    write_attribute(dataset.id(), "description", description);
}

std::vector<std::uint64_t> dataset_shape(hid_t dataset) {
    Handle space(H5Dget_space(dataset), H5Sclose, "get dataset space");
    const int rank = H5Sget_simple_extent_ndims(space.id());
    std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
    H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr);
    return {dims.begin(), dims.end()};
}

template <class T>
std::vector<T> read_all(hid_t dataset) {
    std::uint64_t count = 1;
    for (const std::uint64_t d : dataset_shape(dataset)) count *= d;
    std::vector<T> values(count);
    if (count > 0) {
        check_status(H5Dread(dataset, native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read dataset");
    }
    return values;
}
template std::vector<double> read_all<double>(hid_t);
template std::vector<float> read_all<float>(hid_t);
template std::vector<std::int32_t> read_all<std::int32_t>(hid_t);
template std::vector<std::uint32_t> read_all<std::uint32_t>(hid_t);
template std::vector<std::uint64_t> read_all<std::uint64_t>(hid_t);
template std::vector<std::uint8_t> read_all<std::uint8_t>(hid_t);

}  // namespace trustsim::hdf5
