// Vector traits the convert loops are written against: unsigned 32-bit lanes, the handful of
// integer operations the bf16 rounding needs, and loads/stores that widen from or narrow to
// 16 bits. A trait exists only where the compiler flags of the including file enable its
// instructions, so an ISA file can instantiate only what its flags allow.
#pragma once

#include <cstdint>
#include <cstring>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace frugal::kernels {
// Internal linkage on purpose: each convert_<isa>.cpp instantiates these with its own flags.
// As ordinary inline functions they would be COMDAT, the linker would keep one copy of, say,
// ScalarU32::load_f32 built with -mavx512f, and the AVX2 file would then run AVX-512 code.
namespace {

// One lane; also the tail of traits without masked memory operations.
struct ScalarU32 {
    using u32 = uint32_t;
    using mask = bool;
    static constexpr int64_t kLanes = 1;
    static constexpr bool kMaskedTail = false;

    static u32 set1(uint32_t v) { return v; }
    static u32 add(u32 a, u32 b) { return a + b; }
    static u32 and_(u32 a, u32 b) { return a & b; }
    static u32 or_(u32 a, u32 b) { return a | b; }
    static u32 shr16(u32 a) { return a >> 16; }
    static u32 shl16(u32 a) { return a << 16; }
    // Callers compare values below 2^31, where the SIMD traits' signed compare agrees.
    static mask gt(u32 a, u32 b) { return a > b; }
    static u32 select(mask m, u32 a, u32 b) { return m ? a : b; }

    static u32 load_f32(const float *p) {
        u32 v;
        std::memcpy(&v, p, sizeof v);
        return v;
    }
    static u32 load_u16(const uint16_t *p) { return *p; }
    static void store_f32(float *p, u32 v) { std::memcpy(p, &v, sizeof v); }
    static void store_u16(uint16_t *p, u32 v) { *p = static_cast<uint16_t>(v); }
};

#if defined(__AVX2__)
// 8 lanes. AVX2 has no 16-bit masked store, so tails go through ScalarU32.
struct Avx2U32 {
    using u32 = __m256i;
    using mask = __m256i;  // all-ones lanes
    static constexpr int64_t kLanes = 8;
    static constexpr bool kMaskedTail = false;

    static u32 set1(uint32_t v) { return _mm256_set1_epi32(static_cast<int>(v)); }
    static u32 add(u32 a, u32 b) { return _mm256_add_epi32(a, b); }
    static u32 and_(u32 a, u32 b) { return _mm256_and_si256(a, b); }
    static u32 or_(u32 a, u32 b) { return _mm256_or_si256(a, b); }
    static u32 shr16(u32 a) { return _mm256_srli_epi32(a, 16); }
    static u32 shl16(u32 a) { return _mm256_slli_epi32(a, 16); }
    static mask gt(u32 a, u32 b) { return _mm256_cmpgt_epi32(a, b); }
    static u32 select(mask m, u32 a, u32 b) { return _mm256_blendv_epi8(b, a, m); }

    static u32 load_f32(const float *p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p)); }
    static u32 load_u16(const uint16_t *p) {
        return _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p)));
    }
    static void store_f32(float *p, u32 v) { _mm256_storeu_si256(reinterpret_cast<__m256i *>(p), v); }
    // Lanes hold values <= 0xFFFF, so the unsigned saturating pack is a plain narrowing.
    static void store_u16(uint16_t *p, u32 v) {
        __m128i packed = _mm_packus_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(p), packed);
    }
};
#endif

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
// 16 lanes; tails use masked loads and stores (the 16-bit ones need BW and VL).
// Shifts and width changes use the zero-masked forms with all lanes on: the same instructions,
// but GCC 12.2 warns about the plain forms (-Wmaybe-uninitialized on their
// _mm512_undefined_epi32() pass-through, GCC PR 105593).
struct Avx512U32 {
    using u32 = __m512i;
    using mask = __mmask16;
    static constexpr int64_t kLanes = 16;
    static constexpr bool kMaskedTail = true;
    static constexpr mask kAll = 0xFFFF;

    static u32 set1(uint32_t v) { return _mm512_set1_epi32(static_cast<int>(v)); }
    static u32 add(u32 a, u32 b) { return _mm512_add_epi32(a, b); }
    static u32 and_(u32 a, u32 b) { return _mm512_and_si512(a, b); }
    static u32 or_(u32 a, u32 b) { return _mm512_or_si512(a, b); }
    static u32 shr16(u32 a) { return _mm512_maskz_srli_epi32(kAll, a, 16); }
    static u32 shl16(u32 a) { return _mm512_maskz_slli_epi32(kAll, a, 16); }
    static mask gt(u32 a, u32 b) { return _mm512_cmpgt_epi32_mask(a, b); }
    static u32 select(mask m, u32 a, u32 b) { return _mm512_mask_blend_epi32(m, b, a); }

    static u32 load_f32(const float *p) { return _mm512_loadu_si512(p); }
    static u32 load_u16(const uint16_t *p) {
        return _mm512_maskz_cvtepu16_epi32(kAll, _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p)));
    }
    static void store_f32(float *p, u32 v) { _mm512_storeu_si512(p, v); }
    static void store_u16(uint16_t *p, u32 v) {
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(p), _mm512_maskz_cvtepi32_epi16(kAll, v));
    }

    // The first k lanes (0 < k < kLanes); masked-off lanes are neither read nor written.
    static mask first(int64_t k) { return static_cast<mask>((1u << k) - 1u); }
    static u32 load_f32_partial(const float *p, int64_t k) { return _mm512_maskz_loadu_epi32(first(k), p); }
    static u32 load_u16_partial(const uint16_t *p, int64_t k) {
        return _mm512_maskz_cvtepu16_epi32(kAll, _mm256_maskz_loadu_epi16(first(k), p));
    }
    static void store_f32_partial(float *p, u32 v, int64_t k) { _mm512_mask_storeu_epi32(p, first(k), v); }
    static void store_u16_partial(uint16_t *p, u32 v, int64_t k) {
        _mm512_mask_cvtepi32_storeu_epi16(p, first(k), v);
    }
};
#endif

}  // namespace
}  // namespace frugal::kernels
