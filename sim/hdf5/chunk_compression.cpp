#include "sim/hdf5/chunk_compression.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <cstdint>
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

/// A plane is tried on its first and its last this many bytes, and stored when neither sample
/// would shrink by more than 1 - stored_ratio: the low mantissa bytes of a float are noise, on
/// which deflate spends as long per byte as on anything else and saves nothing. A trial
/// compression, not a byte histogram, decides, because a plane of values shared by neighbours (a
/// team's climate) has a flat histogram but long repeats; the last bytes are tried too because a
/// chunk at the edge of a dataset ends in fill values, which deflate all but removes.
constexpr std::size_t plane_sample_bytes = 4096;
constexpr double stored_ratio = 0.98;

/// How many leading byte planes of `plane_count` planes of `plane_size` bytes are noise. Only a
/// leading run can be stored: the deflate blocks libdeflate writes for the rest end the stream.
std::size_t noise_planes(libdeflate_compressor* compressor, const unsigned char* planes, std::size_t plane_count,
                         std::size_t plane_size, std::vector<unsigned char>& scratch) {
    const std::size_t sample = std::min(plane_size, plane_sample_bytes);
    if (sample < plane_sample_bytes) return 0;  // a chunk this small costs little either way
    scratch.resize(libdeflate_deflate_compress_bound(compressor, sample));
    const auto is_noise = [&](const unsigned char* bytes) {
        const std::size_t length = libdeflate_deflate_compress(compressor, bytes, sample, scratch.data(), scratch.size());
        return length == 0 || static_cast<double>(length) >= stored_ratio * static_cast<double>(sample);
    };
    std::size_t k = 0;
    while (k < plane_count && is_noise(planes + k * plane_size) && is_noise(planes + (k + 1) * plane_size - sample)) ++k;
    return k;
}

/// Appends `size` bytes as deflate stored blocks (RFC 1951, 3.2.4), the last one final if
/// `final`. Each starts on a byte boundary, so the stream stays byte-aligned.
void append_stored_blocks(const unsigned char* data, std::size_t size, bool final, std::vector<unsigned char>& out) {
    constexpr std::size_t max_block = 65535;
    std::size_t done = 0;
    do {
        const std::size_t length = std::min(max_block, size - done);
        const bool last = final && done + length == size;
        out.push_back(last ? 0x01 : 0x00);  // BFINAL, BTYPE 00, then padding to the byte
        out.push_back(static_cast<unsigned char>(length & 0xff));
        out.push_back(static_cast<unsigned char>(length >> 8));
        out.push_back(static_cast<unsigned char>(~length & 0xff));
        out.push_back(static_cast<unsigned char>((~length >> 8) & 0xff));
        out.insert(out.end(), data + done, data + done + length);
        done += length;
    } while (done < size);
}

/// A zlib stream (RFC 1950) of `size` bytes whose first `stored` bytes are stored blocks and the
/// rest libdeflate's compressed blocks at `level`.
bool zlib_stream(libdeflate_compressor* compressor, int level, const unsigned char* input, std::size_t size,
                 std::size_t stored, std::vector<unsigned char>& out) {
    out.clear();
    out.reserve(size + size / 65535 * 5 + 64);
    // Deflate with a 32 KiB window; the level class as libdeflate's own header gives it (readers
    // ignore it), and the check bits that make the two bytes a multiple of 31.
    constexpr unsigned method = 0x78;
    const unsigned level_class = level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3;
    const unsigned flags = level_class << 6;
    out.push_back(static_cast<unsigned char>(method));
    out.push_back(static_cast<unsigned char>(flags + 31 - (method * 256 + flags) % 31));
    append_stored_blocks(input, stored, stored == size, out);
    if (stored < size) {
        const std::size_t start = out.size();
        out.resize(start + libdeflate_deflate_compress_bound(compressor, size - stored));
        const std::size_t length =
            libdeflate_deflate_compress(compressor, input + stored, size - stored, out.data() + start, out.size() - start);
        if (length == 0) return false;
        out.resize(start + length);
    }
    const std::uint32_t adler = libdeflate_adler32(1, input, size);
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<unsigned char>(adler >> shift));
    return true;
}

}  // namespace

bool shuffle_and_deflate(const unsigned char* raw, std::size_t size, std::size_t element_size, int level,
                         std::vector<unsigned char>& out) {
    libdeflate_compressor* compressor = compressor_for(level);
    if (compressor == nullptr) return false;
    const unsigned char* input = raw;
    thread_local std::vector<unsigned char> shuffled;
    thread_local std::vector<unsigned char> scratch;
    const std::size_t elements = size / element_size;
    if (element_size > 1) {
        shuffled.resize(size);
        for (std::size_t k = 0; k < element_size; ++k) {
            unsigned char* plane = shuffled.data() + k * elements;
            for (std::size_t i = 0; i < elements; ++i) plane[i] = raw[i * element_size + k];
        }
        input = shuffled.data();
    }
    const std::size_t stored = elements * element_size == size
                                   ? noise_planes(compressor, input, element_size, elements, scratch) * elements
                                   : 0;
    if (stored == 0) {
        out.resize(libdeflate_zlib_compress_bound(compressor, size));
        const std::size_t length = libdeflate_zlib_compress(compressor, input, size, out.data(), out.size());
        out.resize(length);
        return length > 0 || size == 0;
    }
    return zlib_stream(compressor, level, input, size, stored, out);
}

}  // namespace trustsim::hdf5
