#include "sim/first_blocks.hpp"

#if defined(__x86_64__) || defined(__i386__)
#define TRUSTSIM_HAVE_AVX2_PATH 1
#include <immintrin.h>
#endif

namespace trustsim {
namespace {

void scalar_blocks(RngKey key, std::uint32_t step, std::uint32_t purpose, AgentIndex first_agent,
                   std::span<PhiloxBlock> out) noexcept {
    const r123::Philox4x32::key_type k{{key.seed, key.replicate}};
    for (std::size_t i = 0; i < out.size(); ++i) {
        const r123::Philox4x32::ctr_type counter{{step, first_agent + static_cast<AgentIndex>(i), purpose, 0}};
        const auto bits = r123::Philox4x32{}(counter, k);
        out[i] = {bits.v[0], bits.v[1], bits.v[2], bits.v[3]};
    }
}

#ifdef TRUSTSIM_HAVE_AVX2_PATH
/// Random123's Philox4x32-10 on eight counters that differ only in the agent word: each round
/// multiplies words 0 and 2 by the Philox constants (low and high halves from two 32x32->64
/// multiplies, even and odd lanes), then mixes in the key, as philox.h does.
[[gnu::target("avx2")]] void avx2_blocks(RngKey key, std::uint32_t step, std::uint32_t purpose, AgentIndex first_agent,
                                         std::span<PhiloxBlock> out) noexcept {
    const __m256i m0 = _mm256_set1_epi64x(0xD2511F53);
    const __m256i m1 = _mm256_set1_epi64x(0xCD9E8D57);
    const __m256i key_step0 = _mm256_set1_epi32(static_cast<int>(0x9E3779B9u));
    const __m256i key_step1 = _mm256_set1_epi32(static_cast<int>(0xBB67AE85u));
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    std::size_t i = 0;
    for (; i + 8 <= out.size(); i += 8) {
        __m256i c0 = _mm256_set1_epi32(static_cast<int>(step));
        __m256i c1 = _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(first_agent + static_cast<AgentIndex>(i))), lane);
        __m256i c2 = _mm256_set1_epi32(static_cast<int>(purpose));
        __m256i c3 = _mm256_setzero_si256();
        __m256i k0 = _mm256_set1_epi32(static_cast<int>(key.seed));
        __m256i k1 = _mm256_set1_epi32(static_cast<int>(key.replicate));
        for (int round = 0; round < 10; ++round) {
            if (round > 0) {
                k0 = _mm256_add_epi32(k0, key_step0);
                k1 = _mm256_add_epi32(k1, key_step1);
            }
            const __m256i p0_even = _mm256_mul_epu32(c0, m0);
            const __m256i p0_odd = _mm256_mul_epu32(_mm256_srli_epi64(c0, 32), m0);
            const __m256i p1_even = _mm256_mul_epu32(c2, m1);
            const __m256i p1_odd = _mm256_mul_epu32(_mm256_srli_epi64(c2, 32), m1);
            const __m256i lo0 = _mm256_blend_epi32(p0_even, _mm256_slli_epi64(p0_odd, 32), 0xAA);
            const __m256i hi0 = _mm256_blend_epi32(_mm256_srli_epi64(p0_even, 32), p0_odd, 0xAA);
            const __m256i lo1 = _mm256_blend_epi32(p1_even, _mm256_slli_epi64(p1_odd, 32), 0xAA);
            const __m256i hi1 = _mm256_blend_epi32(_mm256_srli_epi64(p1_even, 32), p1_odd, 0xAA);
            c0 = _mm256_xor_si256(_mm256_xor_si256(hi1, c1), k0);
            c1 = lo1;
            c2 = _mm256_xor_si256(_mm256_xor_si256(hi0, c3), k1);
            c3 = lo0;
        }
        // Word-per-register to block-per-lane: a 4x8 transpose.
        const __m256i t0 = _mm256_unpacklo_epi32(c0, c1);
        const __m256i t1 = _mm256_unpackhi_epi32(c0, c1);
        const __m256i t2 = _mm256_unpacklo_epi32(c2, c3);
        const __m256i t3 = _mm256_unpackhi_epi32(c2, c3);
        const __m256i blocks_0_4 = _mm256_unpacklo_epi64(t0, t2);
        const __m256i blocks_1_5 = _mm256_unpackhi_epi64(t0, t2);
        const __m256i blocks_2_6 = _mm256_unpacklo_epi64(t1, t3);
        const __m256i blocks_3_7 = _mm256_unpackhi_epi64(t1, t3);
        auto* dst = reinterpret_cast<__m256i*>(out[i].data());
        _mm256_storeu_si256(dst + 0, _mm256_permute2x128_si256(blocks_0_4, blocks_1_5, 0x20));
        _mm256_storeu_si256(dst + 1, _mm256_permute2x128_si256(blocks_2_6, blocks_3_7, 0x20));
        _mm256_storeu_si256(dst + 2, _mm256_permute2x128_si256(blocks_0_4, blocks_1_5, 0x31));
        _mm256_storeu_si256(dst + 3, _mm256_permute2x128_si256(blocks_2_6, blocks_3_7, 0x31));
    }
    scalar_blocks(key, step, purpose, first_agent + static_cast<AgentIndex>(i), out.subspan(i));
}
#endif

}  // namespace

bool philox_first_blocks_vectorised() noexcept {
#ifdef TRUSTSIM_HAVE_AVX2_PATH
    static const bool avx2 = __builtin_cpu_supports("avx2");
    return avx2;
#else
    return false;
#endif
}

void philox_first_blocks(RngKey key, std::uint32_t step, std::uint32_t purpose, AgentIndex first_agent,
                         std::span<PhiloxBlock> out, bool vectorised) noexcept {
    static_assert(sizeof(PhiloxBlock) == 16, "blocks are stored as four consecutive words");
#ifdef TRUSTSIM_HAVE_AVX2_PATH
    if (vectorised && philox_first_blocks_vectorised()) {
        avx2_blocks(key, step, purpose, first_agent, out);
        return;
    }
#endif
    scalar_blocks(key, step, purpose, first_agent, out);
}

}  // namespace trustsim
