#include "sim/hdf5/chunk_compression.hpp"

#include <libdeflate.h>

#include <memory>

namespace trustsim::hdf5 {
namespace {

struct FreeCompressor {
    void operator()(libdeflate_compressor* compressor) const noexcept { libdeflate_free_compressor(compressor); }
};

/// This thread's compressor for `level`; allocating one costs more than compressing a small chunk.
libdeflate_compressor* compressor_for(int level) {
    thread_local std::unique_ptr<libdeflate_compressor, FreeCompressor> compressor;
    thread_local int compressor_level = -1;
    if (!compressor || compressor_level != level) {
        compressor.reset(libdeflate_alloc_compressor(level));
        compressor_level = compressor ? level : -1;
    }
    return compressor.get();
}

}  // namespace

bool shuffle_and_deflate(const unsigned char* raw, std::size_t size, std::size_t element_size, int level,
                         std::vector<unsigned char>& out) {
    libdeflate_compressor* compressor = compressor_for(level);
    if (compressor == nullptr) return false;
    const unsigned char* input = raw;
    thread_local std::vector<unsigned char> shuffled;
    if (element_size > 1) {
        const std::size_t elements = size / element_size;
        shuffled.resize(size);
        for (std::size_t k = 0; k < element_size; ++k) {
            unsigned char* plane = shuffled.data() + k * elements;
            for (std::size_t i = 0; i < elements; ++i) plane[i] = raw[i * element_size + k];
        }
        input = shuffled.data();
    }
    out.resize(libdeflate_zlib_compress_bound(compressor, size));
    const std::size_t length = libdeflate_zlib_compress(compressor, input, size, out.data(), out.size());
    out.resize(length);
    return length > 0 || size == 0;
}

}  // namespace trustsim::hdf5
