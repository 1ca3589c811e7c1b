#include "sim/hdf5/file.hpp"

#include "sim/parallel.hpp"

#include <zlib.h>

#include <atomic>
#include <cstring>

#include <algorithm>
#include <utility>

// HDF5's constant macros (H5S_ALL, H5P_DEFAULT, ...) are C-style casts; they expand here.
#pragma GCC diagnostic ignored "-Wold-style-cast"

namespace trustsim::hdf5 {
namespace {

hid_t check(hid_t id, const std::string& what) {
    if (id < 0) throw Hdf5Error("HDF5: cannot " + what);
    return id;
}
void check_status(herr_t status, const std::string& what) {
    if (status < 0) throw Hdf5Error("HDF5: cannot " + what);
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

template <> hid_t native_type<double>() { return H5T_NATIVE_DOUBLE; }
template <> hid_t native_type<float>() { return H5T_NATIVE_FLOAT; }
template <> hid_t native_type<std::int32_t>() { return H5T_NATIVE_INT32; }
template <> hid_t native_type<std::uint8_t>() { return H5T_NATIVE_UINT8; }
template <> hid_t native_type<std::uint32_t>() { return H5T_NATIVE_UINT32; }
template <> hid_t native_type<std::uint64_t>() { return H5T_NATIVE_UINT64; }

void silence_library_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

Handle create_file(const std::string& path) {
    return Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, "create file " + path);
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

void write_attribute(hid_t object, const std::string& name, const std::string& value) {
    // Variable-length UTF-8: h5py returns str, R and Julia return character strings, and no
    // tool has to guess about padding or a missing terminator.
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    check_status(H5Tset_size(type.id(), H5T_VARIABLE), "size string attribute " + name);
    check_status(H5Tset_cset(type.id(), H5T_CSET_UTF8), "set UTF-8 on attribute " + name);
    Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
    Handle attribute(H5Acreate2(object, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                     "create attribute " + name);
    const char* data = value.c_str();
    check_status(H5Awrite(attribute.id(), type.id(), &data), "write attribute " + name);
}

template <class T>
void write_attribute(hid_t object, const std::string& name, T value) {
    Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
    Handle attribute(H5Acreate2(object, name.c_str(), native_type<T>(), space.id(), H5P_DEFAULT, H5P_DEFAULT),
                     H5Aclose, "create attribute " + name);
    check_status(H5Awrite(attribute.id(), native_type<T>(), &value), "write attribute " + name);
}
template void write_attribute<double>(hid_t, const std::string&, double);
template void write_attribute<std::int32_t>(hid_t, const std::string&, std::int32_t);
template void write_attribute<std::uint32_t>(hid_t, const std::string&, std::uint32_t);
template void write_attribute<std::uint64_t>(hid_t, const std::string&, std::uint64_t);

bool has_attribute(hid_t object, const std::string& name) { return H5Aexists(object, name.c_str()) > 0; }

std::string read_string_attribute(hid_t object, const std::string& name) {
    Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
    Handle type(H5Aget_type(attribute.id()), H5Tclose, "read type of attribute " + name);
    if (H5Tget_class(type.id()) != H5T_STRING) throw Hdf5Error("HDF5: attribute " + name + " is not a string");
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
    double value = 0;
    check_status(H5Aread(attribute.id(), H5T_NATIVE_DOUBLE, &value), "read attribute " + name + " as a number");
    return value;
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
    if (length > 0) {
        check_status(H5Dwrite(dataset.id(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
                     "write dataset " + name);
    }
    write_attribute(dataset.id(), "units", units);
    write_attribute(dataset.id(), "description", description);
}
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
    grown.name_ = name;
    grown.element_type_ = native_type<T>();
    grown.width_ = width;
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
    grown.rows_per_chunk_ = chunk[0];
    grown.chunk_columns_ = width == 0 ? chunk[0] : chunk[1];
    grown.element_size_ = sizeof(T);
    grown.compression_level_ = options.compression_level;
    Handle space = make_space(dims, max_dims);
    Handle properties = chunked_properties(chunk, options, name);
    grown.dataset_ = Handle(H5Dcreate2(parent, name.c_str(), grown.element_type_, space.id(), H5P_DEFAULT,
                                       properties.id(), H5P_DEFAULT),
                            H5Dclose, "create dataset " + name);
    write_attribute(grown.dataset_.id(), "units", units);
    write_attribute(grown.dataset_.id(), "description", description);
    return grown;
}

// HDF5 runs its filter pipeline (shuffle, then deflate) on one core. For rows that span several
// chunks this does the same work itself, chunk by chunk in parallel, producing the exact bytes the
// pipeline would (shuffle: byte k of element i goes to position k * n + i; deflate: zlib's
// compress2 at the dataset's level), and hands the finished chunks to H5Dwrite_chunk with a
// filter mask of 0 ("every filter applied"). Any HDF5 reader decompresses them as usual.
void GrowingDataset::write_rows_compressed_in_parallel() {
    const hsize_t new_dims[] = {rows_ + pending_rows_, width_};
    check_status(H5Dset_extent(dataset_.id(), new_dims), "extend dataset " + name_);
    const std::size_t chunks_per_row = (width_ + chunk_columns_ - 1) / chunk_columns_;
    const std::size_t elements = rows_per_chunk_ * chunk_columns_;
    const std::size_t chunk_bytes = elements * element_size_;
    const std::size_t row_bytes = width_ * element_size_;
    const std::size_t column_bytes = chunk_columns_ * element_size_;
    std::vector<std::vector<unsigned char>> compressed(chunks_per_row);
    // One block of rows_per_chunk rows at a time; the last block may be partial (rows past the
    // extent are padding, as HDF5 itself stores them).
    for (std::size_t block = 0; block * rows_per_chunk_ < pending_rows_; ++block) {
        const std::size_t block_rows = std::min(rows_per_chunk_, pending_rows_ - block * rows_per_chunk_);
        std::atomic<bool> failed{false};
        parallel_ranges(chunks_per_row, 1, [&](std::size_t first, std::size_t last) {
            std::vector<unsigned char> raw(chunk_bytes), shuffled(chunk_bytes);
            for (std::size_t c = first; c < last; ++c) {
                std::memset(raw.data(), 0, chunk_bytes);  // the fill value past the extent
                const std::size_t column_begin = c * column_bytes;
                const std::size_t used = std::min(column_bytes, row_bytes - column_begin);
                for (std::size_t r = 0; r < block_rows; ++r) {
                    const unsigned char* row = pending_.data() + (block * rows_per_chunk_ + r) * row_bytes;
                    std::memcpy(raw.data() + r * column_bytes, row + column_begin, used);
                }
                for (std::size_t i = 0; i < elements; ++i) {
                    for (std::size_t k = 0; k < element_size_; ++k) shuffled[k * elements + i] = raw[i * element_size_ + k];
                }
                uLongf length = compressBound(static_cast<uLong>(chunk_bytes));
                compressed[c].resize(length);
                if (compress2(compressed[c].data(), &length, shuffled.data(), static_cast<uLong>(chunk_bytes),
                              compression_level_) != Z_OK) {
                    failed = true;
                }
                compressed[c].resize(length);
            }
        });
        if (failed) throw Hdf5Error("HDF5: zlib could not compress a chunk of " + name_);
        for (std::size_t c = 0; c < chunks_per_row; ++c) {
            const hsize_t offset[] = {rows_ + block * rows_per_chunk_, c * chunk_columns_};
            check_status(H5Dwrite_chunk(dataset_.id(), H5P_DEFAULT, 0, offset, compressed[c].size(), compressed[c].data()),
                         "write a chunk of " + name_);
        }
    }
    rows_ += pending_rows_;
    pending_rows_ = 0;
    pending_.clear();
}

template <class T>
void GrowingDataset::append(std::span<const T> row) {
    const std::size_t expected = width_ == 0 ? 1 : width_;
    if (row.size() != expected) throw Hdf5Error("HDF5: row of wrong width appended to " + name_);
    const auto* bytes = reinterpret_cast<const unsigned char*>(row.data());
    pending_.insert(pending_.end(), bytes, bytes + row.size_bytes());
    ++pending_rows_;
    if (pending_rows_ >= rows_per_chunk_) flush();
}

GrowingDataset& GrowingDataset::operator=(GrowingDataset&& other) noexcept {
    if (this != &other) {
        try {
            flush();
        } catch (const Hdf5Error&) {
        }
        dataset_ = std::move(other.dataset_);
        name_ = std::move(other.name_);
        element_type_ = other.element_type_;
        width_ = other.width_;
        rows_ = other.rows_;
        rows_per_chunk_ = other.rows_per_chunk_;
        pending_rows_ = std::exchange(other.pending_rows_, 0);
        pending_ = std::move(other.pending_);
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
    if (pending_rows_ == 0 || !dataset_) return;
    if (compression_level_ > 0 && width_ > chunk_columns_ && rows_ % rows_per_chunk_ == 0) {
        write_rows_compressed_in_parallel();
        return;
    }
    if (pending_rows_ == 0) return;
    const std::size_t width = width_ == 0 ? 1 : width_;
    const hsize_t new_dims[] = {rows_ + pending_rows_, width_};
    check_status(H5Dset_extent(dataset_.id(), new_dims), "extend dataset " + name_);
    Handle file_space(H5Dget_space(dataset_.id()), H5Sclose, "get space of " + name_);
    const hsize_t start[] = {rows_, 0};
    const hsize_t count[] = {pending_rows_, width_};
    check_status(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, start, nullptr, count, nullptr),
                 "select rows of " + name_);
    const hsize_t memory_dims[] = {pending_rows_ * width};
    Handle memory_space = make_space(memory_dims, memory_dims);
    check_status(H5Dwrite(dataset_.id(), element_type_, memory_space.id(), file_space.id(), H5P_DEFAULT, pending_.data()),
                 "append to " + name_);
    rows_ += pending_rows_;
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
template void GrowingDataset::append<float>(std::span<const float>);
template void GrowingDataset::append<std::int32_t>(std::span<const std::int32_t>);

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
