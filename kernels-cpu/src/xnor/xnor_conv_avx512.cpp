// AVX-512 instantiation of xnor_conv_kernel.h: 8 u64 lanes per vector, 16 output channels per
// block, counted by VPOPCNTQ (AVX512_VPOPCNTDQ, grouped under FRUGAL_ISA_AVX512_VNNI). Built with
// the avx512_vnni flags (kernels-cpu/CMakeLists.txt).
#if !defined(__AVX512F__) || !defined(__AVX512VPOPCNTDQ__)
#error "xnor_conv_avx512.cpp must be added with frugal_add_isa_source(... avx512_vnni ...)"
#endif
#pragma GCC target("popcnt")

#include <immintrin.h>

#include "xnor/xnor_conv.h"
#include "xnor/xnor_conv_kernel.h"

namespace frugal::kernels {
namespace {

struct Avx512U64 {
    static constexpr int64_t kLanes = 8;
    static constexpr int kMaxWords = 1 << 30;
    using Vec = __m512i;
    using Part = __m512i;  // u64 counts already
    static Vec zero() { return _mm512_setzero_si512(); }
    static Part part_zero() { return _mm512_setzero_si512(); }
    static Vec bcast(uint64_t x) { return _mm512_set1_epi64((long long)x); }
    static Vec load(const uint64_t *w) { return _mm512_loadu_si512(w); }
    static Part part_add(Part s, Vec x, Vec w) { return _mm512_add_epi64(s, _mm512_popcnt_epi64(_mm512_xor_si512(x, w))); }
    static Vec flush(Vec acc, Part s) { return _mm512_add_epi64(acc, s); }
    static void store(int64_t *out, Vec v) { _mm512_store_si512(out, v); }

    // Epilogue: 8 doubles per vector, one per u64 lane (AVX512DQ converts int64 exactly).
    using DVec = __m512d;
    static Vec loadi(const int64_t *p) { return _mm512_loadu_si512(p); }
    static Vec set1(int64_t x) { return _mm512_set1_epi64((long long)x); }
    static Vec add(Vec a, Vec b) { return _mm512_add_epi64(a, b); }
    static Vec sub(Vec a, Vec b) { return _mm512_sub_epi64(a, b); }
    static DVec to_double(Vec x) { return _mm512_cvtepi64_pd(x); }
    static DVec dload(const double *p) { return _mm512_loadu_pd(p); }
    static DVec dset1(double x) { return _mm512_set1_pd(x); }
    static DVec dmul(DVec a, DVec b) { return _mm512_mul_pd(a, b); }
    static DVec dadd(DVec a, DVec b) { return _mm512_add_pd(a, b); }
    static DVec relu(DVec v, double alpha) {
        const __mmask8 ge = _mm512_cmp_pd_mask(v, _mm512_setzero_pd(), _CMP_GE_OQ);
        return _mm512_mask_blend_pd(ge, _mm512_mul_pd(v, _mm512_set1_pd(alpha)), v);
    }
    static unsigned lt_mask(DVec a, DVec b) { return (unsigned)_mm512_cmp_pd_mask(a, b, _CMP_LT_OQ); }
    static void dstore(double *p, DVec v) { _mm512_storeu_pd(p, v); }
    // The zero-masked form with every lane set: the same convert, without the undefined
    // pass-through of _mm512_cvtpd_ps that GCC 12 warns about (-Wmaybe-uninitialized).
    static void store_f32(float *p, DVec v) { _mm256_storeu_ps(p, _mm512_maskz_cvtpd_ps((__mmask8)0xFF, v)); }
};

}  // namespace

static_assert(kXnorBlockOcAvx512 == 2 * Avx512U64::kLanes, "blocks are two vectors wide");

void xnor_conv_avx512(const XnorConvParams &p, const uint64_t *src, void *dst) { xnor_conv<Avx512U64>(p, src, dst); }

}  // namespace frugal::kernels
