// Shuffle + deflate of one HDF5 chunk, done by trustsim instead of HDF5's filter pipeline, so
// that chunks can be compressed on several threads and off the simulation's thread (HDF5 runs
// its pipeline on the calling thread, one chunk at a time). The bytes are a chunk as the standard
// filters store it: the shuffle filter's byte planes (byte k of element i at k * n + i), then a
// zlib stream (the deflate filter, H5Z_FILTER_DEFLATE, inflates it). Any HDF5 reader (h5py, R's
// hdf5r, HDF5.jl) reads such chunks as if HDF5 had written them.
//
// The deflate stream comes from ISA-L's igzip at level 1 (the default) and from libdeflate at
// levels 2 to 9, not from zlib: on trustsim's float planes igzip is about four times as fast as
// libdeflate's level 1, which is about twice as fast as zlib's (docs/performance.md, "Output").
// The stream format is the same, so nothing changes for readers. Leading byte planes
// that are noise (a float's low mantissa bytes) go into the stream as deflate's stored blocks
// instead of being compressed: deflate would spend as long on them as on the rest and save
// nothing. A stream of stored and compressed blocks is still one ordinary zlib stream.
#pragma once

#include <cstddef>
#include <vector>

namespace trustsim::hdf5 {

/// Shuffles `size` bytes of elements of `element_size` bytes and deflates them at `level` (1..9)
/// into `out` (resized to the stream's length). Returns false if the compressor failed. Safe to
/// call from several threads at once: each thread keeps its own compressor.
bool shuffle_and_deflate(const unsigned char* raw, std::size_t size, std::size_t element_size, int level,
                         std::vector<unsigned char>& out);

}  // namespace trustsim::hdf5
