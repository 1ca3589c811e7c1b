#include "sim/hdf5/chunk_compression.hpp"

#include <isa-l/igzip_lib.h>
#include <libdeflate.h>

#include <algorithm>
#include <cstdint>
#include <memory>

namespace trustsim::hdf5 {
namespace {

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

/// Raw deflate (RFC 1951) at one level: a complete stream, its last block final, appended to a
/// buffer. Level 1, the default, is ISA-L's igzip: on shuffled float planes it is about four
/// times as fast as libdeflate's level 1 (730 against 166 MB/s on one core) for 1.5 % more
/// bytes on those planes, and run files 3-4 % larger (docs/performance.md). Levels 2 to 9 are
/// libdeflate's, for users who ask for smaller files at more CPU.
class RawDeflater {
  public:
    explicit RawDeflater(int level) : level_(level) {
        if (uses_igzip()) {
            igzip_buffer_.resize(ISAL_DEF_LVL1_DEFAULT);
        } else {
            libdeflate_.reset(libdeflate_alloc_compressor(level));
        }
    }

    int level() const noexcept { return level_; }
    bool ready() const noexcept { return uses_igzip() || libdeflate_ != nullptr; }

    /// Appends the compressed form of [input, input + size); false if the compressor failed.
    bool append(const unsigned char* input, std::size_t size, std::vector<unsigned char>& out) {
        const std::size_t start = out.size();
        if (!uses_igzip()) {
            out.resize(start + libdeflate_deflate_compress_bound(libdeflate_.get(), size));
            const std::size_t length =
                libdeflate_deflate_compress(libdeflate_.get(), input, size, out.data() + start, out.size() - start);
            out.resize(start + length);
            return length > 0;
        }
        // Deflate never needs much more than the input: a stored block every 64 KiB.
        out.resize(start + size + size / 16 + 1024);
        isal_zstream stream;
        isal_deflate_stateless_init(&stream);
        stream.level = 1;
        stream.level_buf = igzip_buffer_.data();
        stream.level_buf_size = static_cast<std::uint32_t>(igzip_buffer_.size());
        stream.gzip_flag = IGZIP_DEFLATE;
        stream.end_of_stream = 1;
        stream.flush = NO_FLUSH;
        stream.next_in = const_cast<unsigned char*>(input);  // igzip's API is not const-correct
        stream.avail_in = static_cast<std::uint32_t>(size);
        stream.next_out = out.data() + start;
        stream.avail_out = static_cast<std::uint32_t>(out.size() - start);
        const int status = isal_deflate_stateless(&stream);
        if (status == STATELESS_OVERFLOW) {
            out.resize(start);
            append_stored_blocks(input, size, true, out);
            return true;
        }
        out.resize(start + stream.total_out);
        return status == COMP_OK;
    }

  private:
    struct FreeLibdeflate {
        void operator()(libdeflate_compressor* compressor) const noexcept { libdeflate_free_compressor(compressor); }
    };
    bool uses_igzip() const noexcept { return level_ == 1; }

    int level_;
    std::vector<std::uint8_t> igzip_buffer_;  ///< igzip's hash tables and token buffer
    std::unique_ptr<libdeflate_compressor, FreeLibdeflate> libdeflate_;
};

/// This thread's compressor for `level`; allocating one costs more than compressing a small chunk.
RawDeflater* deflater_for(int level) {
    thread_local std::unique_ptr<RawDeflater> deflater;
    if (!deflater || deflater->level() != level) deflater = std::make_unique<RawDeflater>(level);
    return deflater->ready() ? deflater.get() : nullptr;
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
/// leading run can be stored: the compressed blocks that follow for the rest end the stream.
std::size_t noise_planes(RawDeflater& deflater, const unsigned char* planes, std::size_t plane_count,
                         std::size_t plane_size, std::vector<unsigned char>& scratch) {
    const std::size_t sample = std::min(plane_size, plane_sample_bytes);
    if (sample < plane_sample_bytes) return 0;  // a chunk this small costs little either way
    const auto is_noise = [&](const unsigned char* bytes) {
        scratch.clear();
        return !deflater.append(bytes, sample, scratch) ||
               static_cast<double>(scratch.size()) >= stored_ratio * static_cast<double>(sample);
    };
    std::size_t k = 0;
    while (k < plane_count && is_noise(planes + k * plane_size) && is_noise(planes + (k + 1) * plane_size - sample)) ++k;
    return k;
}

/// A zlib stream (RFC 1950) of `size` bytes whose first `stored` bytes are stored blocks and the
/// rest compressed blocks.
bool zlib_stream(RawDeflater& deflater, const unsigned char* input, std::size_t size, std::size_t stored,
                 std::vector<unsigned char>& out) {
    out.clear();
    out.reserve(size + size / 65535 * 5 + 64);
    // Deflate with a 32 KiB window; the level class as libdeflate's own header gives it (readers
    // ignore it), and the check bits that make the two bytes a multiple of 31.
    constexpr unsigned method = 0x78;
    const int level = deflater.level();
    const unsigned level_class = level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3;
    const unsigned flags = level_class << 6;
    out.push_back(static_cast<unsigned char>(method));
    out.push_back(static_cast<unsigned char>(flags + 31 - (method * 256 + flags) % 31));
    // An empty chunk still needs one (final, empty) block.
    if (stored > 0 || size == 0) append_stored_blocks(input, stored, stored == size, out);
    if (stored < size && !deflater.append(input + stored, size - stored, out)) return false;
    const std::uint32_t adler = libdeflate_adler32(1, input, size);
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<unsigned char>(adler >> shift));
    return true;
}

/// The shuffle filter's layout: byte k of element i at k * elements + i. Read in one pass, element
/// by element; forced inline so that each constant size below compiles to its own loop (the
/// byte-strided pass per plane this replaced ran at under 1 GB/s on chunks just copied in, a
/// third of the writer's time).
[[gnu::always_inline]] inline void shuffle_elements(const unsigned char* raw, std::size_t elements, std::size_t size,
                                                    unsigned char* planes) {
    for (std::size_t i = 0; i < elements; ++i) {
        for (std::size_t k = 0; k < size; ++k) planes[k * elements + i] = raw[i * size + k];
    }
}

void shuffle(const unsigned char* raw, std::size_t elements, std::size_t element_size, unsigned char* planes) {
    switch (element_size) {
        case 2: shuffle_elements(raw, elements, 2, planes); return;
        case 4: shuffle_elements(raw, elements, 4, planes); return;
        case 8: shuffle_elements(raw, elements, 8, planes); return;
        default: shuffle_elements(raw, elements, element_size, planes);
    }
}

}  // namespace

bool shuffle_and_deflate(const unsigned char* raw, std::size_t size, std::size_t element_size, int level,
                         std::vector<unsigned char>& out) {
    RawDeflater* deflater = deflater_for(level);
    if (deflater == nullptr) return false;
    const unsigned char* input = raw;
    thread_local std::vector<unsigned char> shuffled;
    thread_local std::vector<unsigned char> scratch;
    const std::size_t elements = size / element_size;
    if (element_size > 1) {
        shuffled.resize(size);
        shuffle(raw, elements, element_size, shuffled.data());
        // The shuffle filter leaves a partial element at the end of a chunk as it is.
        std::copy(raw + elements * element_size, raw + size, shuffled.data() + elements * element_size);
        input = shuffled.data();
    }
    const std::size_t stored = elements * element_size == size
                                   ? noise_planes(*deflater, input, element_size, elements, scratch) * elements
                                   : 0;
    return zlib_stream(*deflater, input, size, stored, out);
}

}  // namespace trustsim::hdf5
