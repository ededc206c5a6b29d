// AVX-512 instantiation of bwn_conv_kernel.h: 16 f32 lanes per vector, 32 output channels per
// block (a 32-bit mask per input channel), 12 pixels per tile. The mask is the blend's kmask:
// each half selects -1.0f or +1.0f per lane in one op. Built with the avx512 flags
// (kernels-cpu/CMakeLists.txt).
#if !defined(__AVX512F__)
#error "bwn_conv_avx512.cpp must be added with frugal_add_isa_source(... avx512 ...)"
#endif

#include <immintrin.h>

#include "bwn/bwn_conv.h"
#include "bwn/bwn_conv_kernel.h"

namespace frugal::kernels {
namespace {

struct Avx512F32 {
    static constexpr int64_t kLanes = 16;
    using Vec = __m512;
    using Mask = BwnMaskAvx512;
    static Vec zero() { return _mm512_setzero_ps(); }
    static Vec bcast(const float *x) { return _mm512_set1_ps(*x); }
    // Masked-off lanes are neither read nor written (and never fault).
    static __mmask16 first_lanes(int64_t n) { return (__mmask16)(n >= kLanes ? 0xffffu : n > 0 ? (1u << n) - 1 : 0u); }
    static Vec load(const float *x) { return _mm512_loadu_ps(x); }
    static Vec load_first(const float *x, int64_t n) { return _mm512_maskz_loadu_ps(first_lanes(n), x); }
    static void store_first(float *y, Vec v, int64_t n) { _mm512_mask_storeu_ps(y, first_lanes(n), v); }
    static Vec fma(Vec a, Vec b, Vec c) { return _mm512_fmadd_ps(a, b, c); }
    static Vec leaky_relu(Vec v, float slope) {
        const __mmask16 keep = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_GE_OQ);
        return _mm512_mask_blend_ps(keep, _mm512_mul_ps(v, _mm512_set1_ps(slope)), v);
    }
    static void decode(const Mask *mp, Vec *w0, Vec *w1) {
        const Mask m = *mp;
        const __m512 plus = _mm512_set1_ps(1.f), minus = _mm512_set1_ps(-1.f);
        *w0 = _mm512_mask_blend_ps((__mmask16)(m & 0xffffu), plus, minus);
        *w1 = _mm512_mask_blend_ps((__mmask16)(m >> 16), plus, minus);
    }
    static void store(float *out, Vec v) { _mm512_store_ps(out, v); }
};

}  // namespace

static_assert(kBwnBlockOcAvx512 == 2 * Avx512F32::kLanes, "blocks are two vectors wide");
static_assert(kBwnBlockOcAvx512 == 8 * sizeof(BwnMaskAvx512), "one mask bit per block lane");

void bwn_conv_avx512(const BwnConvParams &p, const float *src, float *dst) {
    bwn_conv<Avx512F32, kBwnTilePixelsAvx512>(p, src, dst);
}

}  // namespace frugal::kernels
