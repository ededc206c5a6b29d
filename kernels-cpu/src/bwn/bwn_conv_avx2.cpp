// AVX2 instantiation of bwn_conv_kernel.h: 8 f32 lanes per vector, 16 output channels per block
// (a 16-bit mask per input channel), 6 pixels per tile. A mask decodes as two loads from a table
// of the +-1.0f lanes of each byte. Built with the avx2 flags (kernels-cpu/CMakeLists.txt).
#if !defined(__AVX2__) || !defined(__FMA__)
#error "bwn_conv_avx2.cpp must be added with frugal_add_isa_source(... avx2 ...)"
#endif

#include <immintrin.h>

#include "bwn/bwn_conv.h"
#include "bwn/bwn_conv_kernel.h"

namespace frugal::kernels {
namespace {

// The eight +-1.0f lanes of every mask byte (8 KiB, stays in L1): decoding is two loads, which
// leaves the vector ALUs to the FMAs (a shift/and/xor decode cost 6 vector ops per 12 FMAs).
struct SignLut {
    alignas(32) float v[256][8];
    constexpr SignLut() : v() {
        for (int b = 0; b < 256; ++b)
            for (int l = 0; l < 8; ++l) v[b][l] = (b >> l) & 1 ? -1.f : 1.f;
    }
};
constexpr SignLut kSignLut{};

struct Avx2F32 {
    static constexpr int64_t kLanes = 8;
    using Vec = __m256;
    using Mask = BwnMaskAvx2;
    static Vec zero() { return _mm256_setzero_ps(); }
    static Vec bcast(const float *x) { return _mm256_broadcast_ss(x); }
    // vmaskmovps reads and writes (and faults on) only the lanes below n.
    static __m256i first_lanes(int64_t n) {
        const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
        return _mm256_cmpgt_epi32(_mm256_set1_epi32(n > 0 ? (int)n : 0), lane);
    }
    static Vec load(const float *x) { return _mm256_loadu_ps(x); }
    static Vec load_first(const float *x, int64_t n) {
        return n >= kLanes ? _mm256_loadu_ps(x) : _mm256_maskload_ps(x, first_lanes(n));
    }
    static void store_first(float *y, Vec v, int64_t n) {
        if (n >= kLanes) _mm256_storeu_ps(y, v);
        else _mm256_maskstore_ps(y, first_lanes(n), v);
    }
    static Vec fma(Vec a, Vec b, Vec c) { return _mm256_fmadd_ps(a, b, c); }
    static Vec leaky_relu(Vec v, float slope) {
        const __m256 keep = _mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_GE_OQ);
        return _mm256_blendv_ps(_mm256_mul_ps(v, _mm256_set1_ps(slope)), v, keep);
    }
    static void decode(const Mask *m, Vec *w0, Vec *w1) {
        const unsigned bits = *m;
        *w0 = _mm256_load_ps(kSignLut.v[bits & 0xff]);
        *w1 = _mm256_load_ps(kSignLut.v[bits >> 8]);
    }
    static void store(float *out, Vec v) { _mm256_store_ps(out, v); }
};

}  // namespace

static_assert(kBwnBlockOcAvx2 == 2 * Avx2F32::kLanes, "blocks are two vectors wide");
static_assert(kBwnBlockOcAvx2 == 8 * sizeof(BwnMaskAvx2), "one mask bit per block lane");

void bwn_conv_avx2(const BwnConvParams &p, const float *src, float *dst) {
    bwn_conv<Avx2F32, kBwnTilePixelsAvx2>(p, src, dst);
}

}  // namespace frugal::kernels
