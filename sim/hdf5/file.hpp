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

/// A failed HDF5 call. `operation()` says what trustsim asked for ("HDF5: cannot write a chunk of
/// /snapshots/agents/trust_in_manager"); `cause()` is the system's reason when HDF5 recorded one
/// (errno from the file driver, e.g. "No space left on device"), else HDF5's innermost message,
/// else empty. what() is both, joined by ": ".
class Hdf5Error : public std::runtime_error {
  public:
    explicit Hdf5Error(const std::string& operation, const std::string& cause = "");
    const std::string& operation() const noexcept { return operation_; }
    const std::string& cause() const noexcept { return cause_; }

  private:
    std::string operation_;
    std::string cause_;
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
    /// Closes and ignores the status (destructors, and cleanup after another error).
    void close();
    /// Closes and throws Hdf5Error("HDF5: cannot close " + what) if HDF5 reports a failure. Closing
    /// a file writes its metadata cache, so on a full disk this is where a write may first fail. A
    /// file is refused (and stays open) while objects in it are open: HDF5 would defer its close.
    void close_checked(const std::string& what);
    /// Forgets the id without closing it, for an object given up after a write error (see
    /// abandon_file): HDF5 is not asked to write anything more for it.
    void abandon() noexcept { id_ = -1; }

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
/// A file in the HDF5 1.10 format, which readers can follow while it is written (SWMR: single
/// writer, multiple readers) once start_swmr_write has been called; readable by HDF5 >= 1.10.
Handle create_file_for_readers(const std::string& path);
/// From here on readers may open the file with SWMR read access (h5py: swmr=True); no object
/// or attribute can be created in it until it is closed (existing attributes can be rewritten).
void start_swmr_write(hid_t file, const std::string& path);
/// Writes everything HDF5 still caches for `file` (dataset chunks, metadata) to the OS.
void flush_file(hid_t file, const std::string& path);
/// Gives up a file being written after an error, without closing it through HDF5. A close flushes
/// HDF5's caches, which fails again on a full disk; HDF5 1.10 then frees the file's state but keeps
/// its id, and crashes on that id later (at the latest in its exit handler). So the file and its
/// objects stay open, untouched, until the process ends, and their memory with them; the file's
/// bytes are released now (ftruncate), so that removing its name gives the disk space back.
void abandon_file(Handle& file) noexcept;
Handle open_file_read_only(const std::string& path);
Handle create_group(hid_t parent, const std::string& name);
Handle open_group(hid_t parent, const std::string& name);
Handle open_dataset(hid_t parent, const std::string& path);

/// Creates the scalar attribute, or rewrites it in place when it exists (with the same type).
void write_attribute(hid_t object, const std::string& name, const std::string& value);
template <class T>
void write_attribute(hid_t object, const std::string& name, T value);

bool has_attribute(hid_t object, const std::string& name);
std::string read_string_attribute(hid_t object, const std::string& name);
/// Any integer or float attribute, converted to double.
double read_numeric_attribute(hid_t object, const std::string& name);
/// An integer attribute (stored as any integer or float type) in [lo, hi]; throws Hdf5Error
/// naming the attribute for a fraction, NaN or a value outside the range.
std::int64_t read_integer_attribute(hid_t object, const std::string& name, std::int64_t lo, std::int64_t hi);

struct DatasetOptions {
    int compression_level = 1;  ///< deflate (gzip) 0..9; 0 disables shuffle+deflate
};

/// A fixed-size 1-D dataset written in one go, with `units` and `description` attributes; its
/// chunks (about 1 MiB each) are compressed in parallel and written directly, as GrowingDataset's.
template <class T>
void write_array(hid_t parent, const std::string& name, std::span<const T> values, const std::string& units,
                 const std::string& description, const DatasetOptions& options);

/// A dataset of shape [0, width] (or [0] when width == 0) that grows by whole rows along the
/// unlimited first axis; chunked, shuffled and gzip-compressed. Rows are buffered and written a
/// chunk at a time (one extend + write per chunk instead of per row: the weekly series of a
/// small run are otherwise dominated by HDF5 call overhead); call close() (or flush()) before
/// closing the file, to see errors.
///
/// A flush takes one of two write paths. Rows that start on a chunk boundary are shuffled and
/// compressed here, chunk by chunk in parallel (sim/hdf5/chunk_compression.hpp), and written as
/// finished chunks (direct); the rest (rows appended after a flush that ended inside a chunk, as
/// SWMR publication does) go through HDF5's own filter pipeline, which merges them into the chunk
/// on disk. The counters below say which path the rows took. flush_together() compresses the
/// chunks of several datasets in one parallel batch, as the recorder does for each week's series.
class GrowingDataset {
  public:
    GrowingDataset() = default;
    GrowingDataset(GrowingDataset&&) noexcept = default;
    /// Flushes (errors swallowed, as in the destructor) and closes this dataset, then takes over
    /// every setting of `other`: layout, compression, buffered rows and counters.
    GrowingDataset& operator=(GrowingDataset&& other) noexcept;
    GrowingDataset(const GrowingDataset&) = delete;
    GrowingDataset& operator=(const GrowingDataset&) = delete;
    /// Writes what is still buffered; errors are swallowed here (a destructor must not throw),
    /// so callers that need to see them call close() first, as Hdf5Recorder does.
    ~GrowingDataset();

    /// `rows_per_chunk` 0 picks about 1 MiB per chunk (up to 64 rows); snapshots, appended
    /// rarely, pass 1 so that a chunk is never compressed while mostly empty.
    template <class T>
    static GrowingDataset create(hid_t parent, const std::string& name, std::size_t width, const std::string& units,
                                 const std::string& description, const DatasetOptions& options,
                                 std::size_t rows_per_chunk = 0);

    /// Appends one row (width values, or one value for a 1-D series), and writes the buffered
    /// rows once they fill a chunk.
    template <class T>
    void append(std::span<const T> row);
    /// Appends one row without writing anything: flush_together() writes the full chunks.
    template <class T>
    void stage(std::span<const T> row);

    /// Writes the buffered rows.
    void flush();
    /// Writes the buffered rows and HDF5's cache of this dataset, so that SWMR readers see them.
    void publish();
    /// Writes the buffered rows and closes the dataset, throwing Hdf5Error on any failure.
    void close();
    /// Drops the buffered rows and forgets the dataset without asking HDF5 to write anything more:
    /// for a file that is being given up after an error (see abandon_file).
    void abandon() noexcept;

    /// Rows appended so far, written or buffered.
    std::size_t rows() const noexcept { return rows_ + pending_rows_; }
    /// Buffered rows fill at least one chunk.
    bool chunk_full() const noexcept { return pending_rows_ >= layout_.rows_per_chunk; }
    /// Full path of the dataset in its file, e.g. /snapshots/agents/trust_in_manager.
    const std::string& path() const noexcept { return layout_.path; }
    /// Chunks compressed here and written whole with H5Dwrite_chunk (the parallel path).
    std::size_t chunks_written_direct() const noexcept { return chunks_written_direct_; }
    /// Rows handed to H5Dwrite, i.e. compressed by HDF5's filter pipeline on one core.
    std::size_t rows_written_through_filters() const noexcept { return rows_written_through_filters_; }

    /// Writes the buffered rows of every dataset in `datasets` (those with none are skipped), the
    /// chunks of all of them compressed in one parallel batch: a week's team series are many
    /// datasets of one chunk each.
    friend void flush_together(std::span<GrowingDataset* const> datasets);

  private:
    /// What create() decides once: kept together so that moving a dataset cannot drop a part of it.
    struct Layout {
        std::string path;
        hid_t element_type = -1;
        std::size_t width = 0;
        std::size_t rows_per_chunk = 1;
        std::size_t chunk_columns = 1;
        std::size_t element_size = 1;
        int compression_level = 0;
    };

    /// The direct path applies: compressed, and the buffered rows start on a chunk boundary.
    bool writes_direct() const noexcept;
    void write_rows_through_filters();

    Handle dataset_;
    Layout layout_;
    std::size_t rows_ = 0;  ///< written to the file
    std::size_t pending_rows_ = 0;
    std::vector<unsigned char> pending_;
    std::size_t chunks_written_direct_ = 0;
    std::size_t rows_written_through_filters_ = 0;
};

void flush_together(std::span<GrowingDataset* const> datasets);

/// A fixed-size 1-D dataset of variable-length UTF-8 strings (h5py reads str after .asstr(),
/// pandas via h5py, R's hdf5r as character), with `units` and `description` attributes.
void write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values,
                   const std::string& units, const std::string& description);

/// Shape of a dataset (one entry per dimension).
std::vector<std::uint64_t> dataset_shape(hid_t dataset);

/// Reads a whole dataset converted to T.
template <class T>
std::vector<T> read_all(hid_t dataset);

}  // namespace trustsim::hdf5
