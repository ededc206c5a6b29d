// Vector traits the int8 kernels (int8_conv_kernel.h, int8_dw_kernel.h) are written against: s32
// lanes, the s16 pair multiply-add (vpmaddwd) into them, a broadcast of one s16 pair, and for the
// depthwise kernel the loads of kLanes channels' bytes (whole, or the first n of them) and their
// widening into the s16 pairs of two columns. A trait exists only where the flags of the including
// file enable its instructions.
#pragma once

#include <cstdint>
#include <cstring>

#include <immintrin.h>

namespace frugal::kernels {
// Internal linkage on purpose (see convert_vec.h): each int8_conv_<isa>.cpp gets its own copy.
namespace {

#if defined(__AVX2__)
struct Avx2S32 {
    using vec = __m256i;
    static constexpr int64_t kLanes = 8;

    static vec zero() { return _mm256_setzero_si256(); }
    static vec load(const int16_t *p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p)); }
    // Lane i of the result: a[2i] * b[2i] + a[2i+1] * b[2i+1], exact in s32.
    static vec madd(vec a, vec b) { return _mm256_madd_epi16(a, b); }
    static vec add(vec a, vec b) { return _mm256_add_epi32(a, b); }
    // The s16 pair at p in every 32-bit lane.
    static vec broadcast_pair(const int16_t *p) {
        int32_t v;
        std::memcpy(&v, p, sizeof v);
        return _mm256_set1_epi32(v);
    }
    static void store(int32_t *p, vec v) { _mm256_store_si256(reinterpret_cast<__m256i *>(p), v); }

    // kLanes bytes at p (in the low half).
    static __m128i bytes(const uint8_t *p) { return _mm_loadl_epi64(reinterpret_cast<const __m128i *>(p)); }
    // The first n < kLanes bytes at p, reading nothing at or past end; the other lanes are
    // whatever follows (their weights are zero and their results are not stored).
    static __m128i bytes(const uint8_t *p, int64_t n, const uint8_t *end) {
        if (end - p >= kLanes) return bytes(p);
        int64_t v = 0;
        std::memcpy(&v, p, (size_t)n);
        return _mm_cvtsi64_si128(v);
    }
    // Lane c: the s16 pair (a[c], b[c]), the bytes widened as s8 or u8.
    template <bool kSigned>
    static vec pairs(__m128i a, __m128i b) {
        const __m128i ab = _mm_unpacklo_epi8(a, b);
        return kSigned ? _mm256_cvtepi8_epi16(ab) : _mm256_cvtepu8_epi16(ab);
    }
};
#endif

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
struct Avx512S32 {
    using vec = __m512i;
    static constexpr int64_t kLanes = 16;

    static vec zero() { return _mm512_setzero_si512(); }
    static vec load(const int16_t *p) { return _mm512_loadu_si512(p); }
    static vec madd(vec a, vec b) { return _mm512_madd_epi16(a, b); }
    static vec add(vec a, vec b) { return _mm512_add_epi32(a, b); }
    static vec broadcast_pair(const int16_t *p) {
        int32_t v;
        std::memcpy(&v, p, sizeof v);
        return _mm512_set1_epi32(v);
    }
    static void store(int32_t *p, vec v) { _mm512_store_si512(p, v); }

    static __m128i bytes(const uint8_t *p) { return _mm_loadu_si128(reinterpret_cast<const __m128i *>(p)); }
    // A masked load: the bytes past n are zero and never read.
    static __m128i bytes(const uint8_t *p, int64_t n, const uint8_t *) {
        return _mm_maskz_loadu_epi8((__mmask16)((1u << n) - 1), p);
    }
    template <bool kSigned>
    static vec pairs(__m128i a, __m128i b) {
        const __m256i ab = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_unpacklo_epi8(a, b)),
                                                   _mm_unpackhi_epi8(a, b), 1);
        return kSigned ? _mm512_cvtepi8_epi16(ab) : _mm512_cvtepu8_epi16(ab);
    }
};
#endif

}  // namespace
}  // namespace frugal::kernels
