// The sign pack / unpack loops, written once against a trait of "64 values at a time" operations
// and instantiated by each bitpack_<isa>.cpp; the scalar trait is the reference. Packing is a
// float compare x < 0 in every trait (never a read of the sign bit, which -0.0f and -NaN set),
// unpacking selects between two constants, so all traits agree bit for bit.
#pragma once

#include <cmath>
#include <cstdint>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

#include "bitpack/bitpack.h"

namespace frugal::kernels {
// Internal linkage on purpose, as in quantize/quantize_vec.h: each ISA file instantiates these
// with its own flags, and COMDAT copies could let the linker keep another ISA's build.
namespace {

// One value at a time: the reference.
struct ScalarBits {
    // n <= 64 values: bit i = (p[i] < 0), higher bits 0.
    static uint64_t pack(const float *p, int64_t n) {
        uint64_t w = 0;
        for (int64_t i = 0; i < n; ++i) w |= static_cast<uint64_t>(p[i] < 0.f) << i;
        return w;
    }
    static uint64_t pack64(const float *p) { return pack(p, 64); }
    // n <= 64 values from w's low bits.
    static void unpack(uint64_t w, float *p, int64_t n) {
        for (int64_t i = 0; i < n; ++i) p[i] = (w >> i) & 1 ? -1.f : 1.f;
    }
    static void unpack64(uint64_t w, float *p) { unpack(w, p, 64); }
    // mean |x| (bitpack.h): 8 partial sums, lane j takes values j mod 8.
    struct Acc {
        float v[8];
    };
    static Acc acc_zero() { return Acc{{0.f, 0.f, 0.f, 0.f, 0.f, 0.f, 0.f, 0.f}}; }
    static Acc acc_add8(Acc a, const float *p) {
        for (int j = 0; j < 8; ++j) a.v[j] += std::fabs(p[j]);
        return a;
    }
    static void acc_store(float *out, Acc a) {
        for (int j = 0; j < 8; ++j) out[j] = a.v[j];
    }
};

#if defined(__AVX2__)
// The mean |x| partial sums of the vector traits: one 8-float vector, lane j taking values
// j mod 8, as ScalarBits::Acc (AVX-512 uses it too, so its sums are the same 8 lanes).
struct Avx2AbsSum {
    using Acc = __m256;
    static Acc acc_zero() { return _mm256_setzero_ps(); }
    static Acc acc_add8(Acc a, const float *p) {
        return _mm256_add_ps(a, _mm256_andnot_ps(_mm256_set1_ps(-0.f), _mm256_loadu_ps(p)));
    }
    static void acc_store(float *out, Acc a) { _mm256_storeu_ps(out, a); }
};

// 8 values per compare + movemask; AVX2 has masked 32-bit loads and stores, but the tail of
// fewer than 8 values goes through ScalarBits (the same compare).
struct Avx2Bits : Avx2AbsSum {
    static uint64_t pack8(const float *p) {
        const __m256 lt = _mm256_cmp_ps(_mm256_loadu_ps(p), _mm256_setzero_ps(), _CMP_LT_OQ);
        return static_cast<uint32_t>(_mm256_movemask_ps(lt));
    }
    static uint64_t pack64(const float *p) {
        uint64_t w = 0;
        for (int g = 0; g < 8; ++g) w |= pack8(p + 8 * g) << (8 * g);
        return w;
    }
    static uint64_t pack(const float *p, int64_t n) {
        uint64_t w = 0;
        int64_t i = 0;
        for (; i + 8 <= n; i += 8) w |= pack8(p + i) << i;
        if (i < n) w |= ScalarBits::pack(p + i, n - i) << i;
        return w;
    }
    // 8 lanes from the low byte of b: lane i is -1 where bit i is set, else +1.
    static __m256 unpack8(uint32_t b) {
        const __m256i lane_bit = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
        const __m256i set = _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_set1_epi32(static_cast<int>(b)), lane_bit), lane_bit);
        // +1.0f with the sign bit or-ed in where the bit is set.
        return _mm256_or_ps(_mm256_set1_ps(1.f), _mm256_and_ps(_mm256_castsi256_ps(set), _mm256_set1_ps(-0.f)));
    }
    static void unpack64(uint64_t w, float *p) {
        for (int g = 0; g < 8; ++g) _mm256_storeu_ps(p + 8 * g, unpack8(static_cast<uint32_t>(w >> (8 * g)) & 0xFF));
    }
    static void unpack(uint64_t w, float *p, int64_t n) {
        int64_t i = 0;
        for (; i + 8 <= n; i += 8) _mm256_storeu_ps(p + i, unpack8(static_cast<uint32_t>(w >> i) & 0xFF));
        if (i < n) ScalarBits::unpack(w >> i, p + i, n - i);
    }
};
#endif

#if defined(__AVX512F__)
// 16 values per compare into a mask register; tails use masked loads (masked-off lanes read as
// +0.0f, which compares false) and masked stores.
struct Avx512Bits : Avx2AbsSum {
    static uint64_t pack16(const float *p, __mmask16 m) {
        return static_cast<uint64_t>(_mm512_cmp_ps_mask(_mm512_maskz_loadu_ps(m, p), _mm512_setzero_ps(), _CMP_LT_OQ));
    }
    static uint64_t pack64(const float *p) {
        uint64_t w = 0;
        for (int g = 0; g < 4; ++g)
            w |= static_cast<uint64_t>(_mm512_cmp_ps_mask(_mm512_loadu_ps(p + 16 * g), _mm512_setzero_ps(), _CMP_LT_OQ))
                 << (16 * g);
        return w;
    }
    static __mmask16 first(int64_t n) { return n >= 16 ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1u << n) - 1); }
    static uint64_t pack(const float *p, int64_t n) {
        uint64_t w = 0;
        for (int64_t i = 0; i < n; i += 16) w |= pack16(p + i, first(n - i)) << i;
        return w;
    }
    static __m512 unpack16(uint64_t w, int shift) {
        return _mm512_mask_blend_ps(static_cast<__mmask16>(w >> shift), _mm512_set1_ps(1.f), _mm512_set1_ps(-1.f));
    }
    static void unpack64(uint64_t w, float *p) {
        for (int g = 0; g < 4; ++g) _mm512_storeu_ps(p + 16 * g, unpack16(w, 16 * g));
    }
    static void unpack(uint64_t w, float *p, int64_t n) {
        for (int64_t i = 0; i < n; i += 16) _mm512_mask_storeu_ps(p + i, first(n - i), unpack16(w, static_cast<int>(i)));
    }
};
#endif

template <class B>
void pack_rows(const float *src, uint64_t *dst, int64_t rows, int64_t cols) {
    const int64_t words = (cols + 63) / 64, full = cols / 64, tail = cols % 64;
    for (int64_t r = 0; r < rows; ++r) {
        const float *s = src + r * cols;
        uint64_t *d = dst + r * words;
        for (int64_t k = 0; k < full; ++k) d[k] = B::pack64(s + 64 * k);
        if (tail != 0) d[full] = B::pack(s + 64 * full, tail);
    }
}

template <class B>
void unpack_rows(const uint64_t *src, float *dst, int64_t rows, int64_t cols) {
    const int64_t words = (cols + 63) / 64, full = cols / 64, tail = cols % 64;
    for (int64_t r = 0; r < rows; ++r) {
        const uint64_t *s = src + r * words;
        float *d = dst + r * cols;
        for (int64_t k = 0; k < full; ++k) B::unpack64(s[k], d + 64 * k);
        if (tail != 0) B::unpack(s[full], d + 64 * full, tail);
    }
}

// pack_rows plus each row's mean |x| in the order bitpack.h defines, in the same pass over a row.
template <class B>
void pack_rows_mean_abs(const float *src, uint64_t *dst, float *mean_abs, int64_t rows, int64_t cols) {
    const int64_t words = (cols + 63) / 64, full = cols / 64, tail = cols % 64;
    for (int64_t r = 0; r < rows; ++r) {
        const float *s = src + r * cols;
        uint64_t *d = dst + r * words;
        typename B::Acc a = B::acc_zero();
        for (int64_t k = 0; k < full; ++k) {
            d[k] = B::pack64(s + 64 * k);
            for (int g = 0; g < 8; ++g) a = B::acc_add8(a, s + 64 * k + 8 * g);
        }
        int64_t i = 64 * full;
        if (tail != 0) {
            d[full] = B::pack(s + i, tail);
            for (; i + 8 <= cols; i += 8) a = B::acc_add8(a, s + i);
        }
        float lane[8];
        B::acc_store(lane, a);
        // Fewer than 8 values left: lane j takes value i + j (a missing value would add +0.0f).
        for (int64_t j = 0; i + j < cols; ++j) lane[j] += std::fabs(s[i + j]);
        const float sum = ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
        mean_abs[r] = cols == 0 ? 0.f : sum / (float)cols;
    }
}

// The table an ISA file exports: `const BitPackFns bitpack_avx2 = bitpack_fns<Avx2Bits>();`
template <class B>
constexpr BitPackFns bitpack_fns() {
    return {pack_rows<B>, unpack_rows<B>, pack_rows_mean_abs<B>};
}

}  // namespace
}  // namespace frugal::kernels
