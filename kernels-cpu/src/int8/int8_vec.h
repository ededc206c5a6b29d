// Vector traits the int8 micro-kernel (int8_conv_kernel.h) is written against: s32 lanes, the
// s16 pair multiply-add (vpmaddwd) into them, and a broadcast of one s16 pair. A trait exists
// only where the flags of the including file enable its instructions.
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
};
#endif

#if defined(__AVX512F__) && defined(__AVX512BW__)
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
};
#endif

}  // namespace
}  // namespace frugal::kernels
