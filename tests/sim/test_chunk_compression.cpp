// Chunks compressed by trustsim (sim/hdf5/chunk_compression.hpp) are what HDF5's shuffle and
// deflate filters would store: zlib inflates every one, whichever planes were stored as noise and
// whichever deflated, and the planes come back in the shuffle filter's order.
#include "sim/hdf5/chunk_compression.hpp"

#include <catch2/catch.hpp>

#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

namespace {

/// Inflates `stream` with zlib, as HDF5's deflate filter does, and checks it gives `raw` shuffled
/// into planes of `element_size` bytes.
void require_inflates_to_shuffled(const std::vector<unsigned char>& stream, const unsigned char* raw, std::size_t size,
                                  std::size_t element_size) {
    std::vector<unsigned char> inflated(size);
    uLongf length = size;
    REQUIRE(uncompress(inflated.data(), &length, stream.data(), stream.size()) == Z_OK);
    REQUIRE(length == size);
    const std::size_t n = size / element_size;
    // Byte k of element i sits at k * n + i, as HDF5's shuffle filter puts it.
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t k = 0; k < element_size; ++k) REQUIRE(inflated[k * n + i] == raw[i * element_size + k]);
    }
}

template <class T>
std::vector<unsigned char> compressed(const std::vector<T>& values, int level = 1) {
    std::vector<unsigned char> out;
    const auto* raw = reinterpret_cast<const unsigned char*>(values.data());
    REQUIRE(trustsim::hdf5::shuffle_and_deflate(raw, values.size() * sizeof(T), sizeof(T), level, out));
    require_inflates_to_shuffled(out, raw, values.size() * sizeof(T), sizeof(T));
    return out;
}

/// The first deflate block's header byte after the two-byte zlib header: 0x00 or 0x01 opens a
/// stored block (BTYPE 00), anything with BTYPE 01 or 10 a compressed one.
bool opens_with_stored_block(const std::vector<unsigned char>& stream) { return (stream.at(2) & 0x06) == 0; }

}  // namespace

TEST_CASE("a chunk is shuffled and deflated into a zlib stream that zlib inflates", "[writer][hdf5]") {
    std::vector<float> values(5000);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i % 97) * 0.125f - 3.0f;
    const std::vector<unsigned char> stream = compressed(values, 4);
    CHECK(stream.size() < values.size() * sizeof(float) / 4);
}

TEST_CASE("the noise planes of a float chunk are stored and the rest deflated, in one zlib stream",
          "[writer][hdf5]") {
    // Trust-like values in (0, 1): the two low mantissa bytes are noise, the exponent byte is not.
    std::mt19937_64 engine(7);
    std::uniform_real_distribution<float> uniform(0.2f, 0.9f);
    std::vector<float> values(65536);
    for (float& v : values) v = uniform(engine);
    const std::vector<unsigned char> stream = compressed(values);
    CHECK(opens_with_stored_block(stream));
    // The zlib header names the level class as libdeflate's does: fastest at 1, maximum at 9.
    CHECK(stream[0] == 0x78);
    CHECK(stream[1] == 0x01);
    const std::vector<unsigned char> at_nine = compressed(values, 9);
    CHECK(opens_with_stored_block(at_nine));
    CHECK(at_nine[1] == 0xDA);
    // The first stored block holds 65535 bytes of the low plane.
    CHECK((stream[3] | stream[4] << 8) == 65535);
    CHECK((stream[5] | stream[6] << 8) == 0);
    // Stored planes cost their size; the high planes still shrink.
    const std::size_t size = values.size() * sizeof(float);
    CHECK(stream.size() > size / 2);
    CHECK(stream.size() < size * 9 / 10);
}

TEST_CASE("both compressors, igzip at level 1 and libdeflate above, write streams zlib inflates", "[writer][hdf5]") {
    // A team-climate-like column: a few hundred distinct values in runs, plus one noisy plane.
    std::mt19937_64 engine(5);
    std::vector<float> values(200000);
    for (std::size_t i = 0; i < values.size(); ++i) {
        values[i] = static_cast<float>((i / 7) % 300) / 300.0f + static_cast<float>(engine() % 16) * 1e-6f;
    }
    const std::size_t size = values.size() * sizeof(float);
    const std::size_t at_one = compressed(values, 1).size();
    const std::size_t at_two = compressed(values, 2).size();
    const std::size_t at_nine = compressed(values, 9).size();
    CHECK(at_one < size * 6 / 10);
    // Level 1 trades a little size for speed: level 2 is at most a tenth larger (here it is
    // smaller), and level 9 no larger than level 2.
    CHECK(at_two <= at_one * 11 / 10);
    CHECK(at_nine <= at_two);
}

TEST_CASE("a plane of repeated values with a flat byte histogram is deflated, not stored", "[writer][hdf5]") {
    // Values shared by runs of neighbours (a team's climate): every byte value is as likely as
    // any other, but the runs repeat, which a trial compression sees and a histogram would not.
    std::mt19937_64 engine(11);
    std::vector<std::uint32_t> values(65536);
    for (std::size_t i = 0; i < values.size(); i += 8) {
        const auto value = static_cast<std::uint32_t>(engine());
        for (std::size_t k = i; k < i + 8; ++k) values[k] = value;
    }
    const std::vector<unsigned char> stream = compressed(values);
    CHECK_FALSE(opens_with_stored_block(stream));
    CHECK(stream.size() < values.size() * sizeof(std::uint32_t) * 3 / 4);
}

TEST_CASE("a chunk of noise is stored whole, its last block final", "[writer][hdf5]") {
    std::mt19937_64 engine(13);
    std::vector<std::uint64_t> noise(40000);  // 320,000 bytes: several stored blocks per plane
    for (std::uint64_t& v : noise) v = engine();
    const std::vector<unsigned char> stream = compressed(noise);
    CHECK(opens_with_stored_block(stream));
    const std::size_t size = noise.size() * sizeof(std::uint64_t);
    // zlib header, five bytes per stored block of at most 65535 bytes, the data, the Adler-32.
    CHECK(stream.size() == 2 + 5 * ((size + 65534) / 65535) + size + 4);

    std::vector<std::uint32_t> small(512);  // planes shorter than the trial sample: compressed whole
    for (std::uint32_t& v : small) v = static_cast<std::uint32_t>(engine());
    compressed(small);
}

TEST_CASE("a chunk at a dataset's edge, ending in fill values, is deflated whole", "[writer][hdf5]") {
    // The last chunk of a snapshot row holds the agents left over and zeros after them: its low
    // planes start as noise and end as zeros, which deflate all but removes.
    std::mt19937_64 engine(17);
    std::uniform_real_distribution<float> uniform(0.2f, 0.9f);
    std::vector<float> values(65536, 0.0f);
    for (std::size_t i = 0; i < values.size() / 4; ++i) values[i] = uniform(engine);
    // Storing the two low planes whole would take half the chunk's size.
    CHECK(compressed(values).size() < values.size() * sizeof(float) * 3 / 10);
}
