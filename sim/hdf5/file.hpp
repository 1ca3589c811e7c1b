// A thin RAII layer over the HDF5 C API: each C call is wrapped once, handles close in
// destructors, and a negative status becomes an Hdf5Error that names the object. Only what
// trustsim writes and reads is here: groups, string/numeric attributes, fixed 1-D arrays and
// datasets that grow along their first (time) axis.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace trustsim::hdf5 {

class Hdf5Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Owns one hid_t and closes it with the matching H5*close.
class Handle {
  public:
    using Closer = herr_t (*)(hid_t);
    Handle() = default;
    Handle(hid_t id, Closer closer, const std::string& what);
    Handle(Handle&& other) noexcept;
    Handle& operator=(Handle&& other) noexcept;
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle();

    hid_t id() const noexcept { return id_; }
    explicit operator bool() const noexcept { return id_ >= 0; }
    void close();

  private:
    hid_t id_ = -1;
    Closer closer_ = nullptr;
};

/// Scalar element types trustsim stores, mapped to HDF5 native types.
template <class T>
hid_t native_type();

/// Turns off HDF5's own error printing; our exceptions carry the message instead.
void silence_library_errors();

Handle create_file(const std::string& path);
Handle open_file_read_only(const std::string& path);
Handle create_group(hid_t parent, const std::string& name);
Handle open_group(hid_t parent, const std::string& name);
Handle open_dataset(hid_t parent, const std::string& path);

void write_attribute(hid_t object, const std::string& name, const std::string& value);
template <class T>
void write_attribute(hid_t object, const std::string& name, T value);

bool has_attribute(hid_t object, const std::string& name);
std::string read_string_attribute(hid_t object, const std::string& name);
/// Any integer or float attribute, converted to double.
double read_numeric_attribute(hid_t object, const std::string& name);

struct DatasetOptions {
    int compression_level = 4;  ///< gzip 0..9; 0 disables shuffle+gzip
};

/// A fixed-size 1-D dataset written in one go, with `units` and `description` attributes.
template <class T>
void write_array(hid_t parent, const std::string& name, std::span<const T> values, const std::string& units,
                 const std::string& description, const DatasetOptions& options);

/// A dataset of shape [0, width] (or [0] when width == 0) that grows by whole rows along the
/// unlimited first axis; chunked, shuffled and gzip-compressed. Rows are buffered and written a
/// chunk at a time (one extend + write per chunk instead of per row: the weekly series of a
/// small run are otherwise dominated by HDF5 call overhead); call flush() before closing.
class GrowingDataset {
  public:
    GrowingDataset() = default;
    GrowingDataset(GrowingDataset&&) noexcept = default;
    GrowingDataset& operator=(GrowingDataset&& other) noexcept;
    GrowingDataset(const GrowingDataset&) = delete;
    GrowingDataset& operator=(const GrowingDataset&) = delete;
    /// Writes what is still buffered; errors are swallowed here (a destructor must not throw),
    /// so callers that need to see them call flush() first, as Hdf5Recorder does.
    ~GrowingDataset();

    /// `rows_per_chunk` 0 picks about 1 MiB per chunk (up to 64 rows); snapshots, appended
    /// rarely, pass 1 so that a chunk is never compressed while mostly empty.
    template <class T>
    static GrowingDataset create(hid_t parent, const std::string& name, std::size_t width, const std::string& units,
                                 const std::string& description, const DatasetOptions& options,
                                 std::size_t rows_per_chunk = 0);

    /// Appends one row (width values, or one value for a 1-D series).
    template <class T>
    void append(std::span<const T> row);

    /// Writes the buffered rows.
    void flush();

    /// Rows appended so far, written or buffered.
    std::size_t rows() const noexcept { return rows_ + pending_rows_; }

  private:
    void write_rows_compressed_in_parallel();

    Handle dataset_;
    std::string name_;
    hid_t element_type_ = -1;
    std::size_t width_ = 0;
    std::size_t rows_ = 0;  ///< written to the file
    std::size_t rows_per_chunk_ = 1;
    std::size_t chunk_columns_ = 1;
    std::size_t element_size_ = 1;
    int compression_level_ = 0;
    std::size_t pending_rows_ = 0;
    std::vector<unsigned char> pending_;
};

/// Shape of a dataset (one entry per dimension).
std::vector<std::uint64_t> dataset_shape(hid_t dataset);

/// Reads a whole dataset converted to T.
template <class T>
std::vector<T> read_all(hid_t dataset);

}  // namespace trustsim::hdf5
