// Vector traits the quantize loops are written against: f32 lanes with division, multiply,
// min/max, NaN masking and conversion to and from int32 lanes, plus loads and stores that widen
// from or narrow to 8 bits. A trait exists only where the including file's compiler flags
// enable its instructions, so an ISA file can instantiate only what its flags allow.
#pragma once

#include <cstdint>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace frugal::kernels {
// Internal linkage on purpose, as in convert/convert_vec.h: each quantize_<isa>.cpp instantiates
// these with its own flags, and COMDAT copies would let the linker keep, say, the AVX-512 build
// of ScalarF32 for the AVX2 file.
namespace {

// One lane: the reference, and the tail of traits without masked memory operations.
struct ScalarF32 {
    using f32 = float;
    using i32 = int32_t;
    static constexpr int64_t kLanes = 1;
    static constexpr bool kMaskedTail = false;

    static f32 set1(float v) { return v; }
    static f32 div(f32 a, f32 b) { return a / b; }
    static f32 mul(f32 a, f32 b) { return a * b; }
    // No NaN reaches min and max (zero_nan runs first).
    static f32 max(f32 a, f32 b) { return a > b ? a : b; }
    static f32 min(f32 a, f32 b) { return a < b ? a : b; }
    // Builtins, not std::isnan / std::nearbyint: those are inline library functions, whose COMDAT
    // copy could be one compiled with another ISA file's flags (kernels-cpu/README.md).
    static f32 zero_nan(f32 a) { return __builtin_isnan(a) ? 0.f : a; }
    // Callers pass integral-range values ([-128, 255]); nearbyint rounds in the current mode.
    static i32 round_to_i32(f32 a) { return static_cast<i32>(__builtin_nearbyintf(a)); }
    static f32 to_f32(i32 a) { return static_cast<float>(a); }

    static f32 load_f32(const float *p) { return *p; }
    static void store_f32(float *p, f32 v) { *p = v; }
    static i32 load_q(const uint8_t *p) { return *p; }
    static i32 load_q(const int8_t *p) { return *p; }
    static void store_q(uint8_t *p, i32 v) { *p = static_cast<uint8_t>(v); }
    static void store_q(int8_t *p, i32 v) { *p = static_cast<int8_t>(v); }
};

#if defined(__AVX2__)
// 8 lanes. AVX2 has no 8-bit masked load or store, so tails go through ScalarF32.
struct Avx2F32 {
    using f32 = __m256;
    using i32 = __m256i;
    static constexpr int64_t kLanes = 8;
    static constexpr bool kMaskedTail = false;

    static f32 set1(float v) { return _mm256_set1_ps(v); }
    static f32 div(f32 a, f32 b) { return _mm256_div_ps(a, b); }
    static f32 mul(f32 a, f32 b) { return _mm256_mul_ps(a, b); }
    static f32 max(f32 a, f32 b) { return _mm256_max_ps(a, b); }
    static f32 min(f32 a, f32 b) { return _mm256_min_ps(a, b); }
    static f32 zero_nan(f32 a) { return _mm256_and_ps(a, _mm256_cmp_ps(a, a, _CMP_ORD_Q)); }
    static i32 round_to_i32(f32 a) { return _mm256_cvtps_epi32(a); }  // current mode, as nearbyint
    static f32 to_f32(i32 a) { return _mm256_cvtepi32_ps(a); }

    static f32 load_f32(const float *p) { return _mm256_loadu_ps(p); }
    static void store_f32(float *p, f32 v) { _mm256_storeu_ps(p, v); }
    static i32 load_q(const uint8_t *p) {
        return _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i *>(p)));
    }
    static i32 load_q(const int8_t *p) {
        return _mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i *>(p)));
    }
    // Lanes hold values already in the target range, so the saturating packs only narrow.
    static __m128i pack16(i32 v) { return _mm_packs_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1)); }
    static void store_q(uint8_t *p, i32 v) {
        const __m128i w = pack16(v);
        _mm_storel_epi64(reinterpret_cast<__m128i *>(p), _mm_packus_epi16(w, w));
    }
    static void store_q(int8_t *p, i32 v) {
        const __m128i w = pack16(v);
        _mm_storel_epi64(reinterpret_cast<__m128i *>(p), _mm_packs_epi16(w, w));
    }
};
#endif

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
// 16 lanes; tails use masked loads and stores (the 8-bit loads need BW and VL). Conversions use
// the zero-masked forms with all lanes on, as convert_vec.h does (GCC PR 105593).
struct Avx512F32 {
    using f32 = __m512;
    using i32 = __m512i;
    using mask = __mmask16;
    static constexpr int64_t kLanes = 16;
    static constexpr bool kMaskedTail = true;
    static constexpr mask kAll = 0xFFFF;

    static f32 set1(float v) { return _mm512_set1_ps(v); }
    static f32 div(f32 a, f32 b) { return _mm512_div_ps(a, b); }
    static f32 mul(f32 a, f32 b) { return _mm512_mul_ps(a, b); }
    static f32 max(f32 a, f32 b) { return _mm512_maskz_max_ps(kAll, a, b); }
    static f32 min(f32 a, f32 b) { return _mm512_maskz_min_ps(kAll, a, b); }
    static f32 zero_nan(f32 a) { return _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(a, a, _CMP_ORD_Q), a); }
    static i32 round_to_i32(f32 a) { return _mm512_maskz_cvtps_epi32(kAll, a); }  // current mode
    static f32 to_f32(i32 a) { return _mm512_maskz_cvtepi32_ps(kAll, a); }

    static f32 load_f32(const float *p) { return _mm512_loadu_ps(p); }
    static void store_f32(float *p, f32 v) { _mm512_storeu_ps(p, v); }
    static i32 load_q(const uint8_t *p) {
        return _mm512_maskz_cvtepu8_epi32(kAll, _mm_loadu_si128(reinterpret_cast<const __m128i *>(p)));
    }
    static i32 load_q(const int8_t *p) {
        return _mm512_maskz_cvtepi8_epi32(kAll, _mm_loadu_si128(reinterpret_cast<const __m128i *>(p)));
    }
    // Lanes hold values already in the target range, so truncation only narrows.
    static void store_q(uint8_t *p, i32 v) {
        _mm_storeu_si128(reinterpret_cast<__m128i *>(p), _mm512_maskz_cvtepi32_epi8(kAll, v));
    }
    static void store_q(int8_t *p, i32 v) {
        _mm_storeu_si128(reinterpret_cast<__m128i *>(p), _mm512_maskz_cvtepi32_epi8(kAll, v));
    }

    // The first k lanes (0 < k < kLanes); masked-off lanes are neither read nor written.
    static mask first(int64_t k) { return static_cast<mask>((1u << k) - 1u); }
    static f32 load_f32_partial(const float *p, int64_t k) { return _mm512_maskz_loadu_ps(first(k), p); }
    static void store_f32_partial(float *p, f32 v, int64_t k) { _mm512_mask_storeu_ps(p, first(k), v); }
    static i32 load_q_partial(const uint8_t *p, int64_t k) {
        return _mm512_maskz_cvtepu8_epi32(kAll, _mm_maskz_loadu_epi8(first(k), p));
    }
    static i32 load_q_partial(const int8_t *p, int64_t k) {
        return _mm512_maskz_cvtepi8_epi32(kAll, _mm_maskz_loadu_epi8(first(k), p));
    }
    static void store_q_partial(uint8_t *p, i32 v, int64_t k) { _mm512_mask_cvtepi32_storeu_epi8(p, first(k), v); }
    static void store_q_partial(int8_t *p, i32 v, int64_t k) { _mm512_mask_cvtepi32_storeu_epi8(p, first(k), v); }
};
#endif

}  // namespace
}  // namespace frugal::kernels
