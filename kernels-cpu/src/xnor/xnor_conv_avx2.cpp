// AVX2 instantiation of xnor_conv_kernel.h: 4 u64 lanes per vector, 8 output channels per block.
// AVX2 has no vector popcount: the nibble lookup (vpshufb) counts bits per byte, byte counts
// add up over at most 31 words (8 * 31 < 256), and vpsadbw sums them into the u64 lanes.
// Built with the avx2 flags (kernels-cpu/CMakeLists.txt); popcnt for the per-pixel tail count.
#if !defined(__AVX2__)
#error "xnor_conv_avx2.cpp must be added with frugal_add_isa_source(... avx2 ...)"
#endif
#pragma GCC target("popcnt")

#include <immintrin.h>

#include "xnor/xnor_conv.h"
#include "xnor/xnor_conv_kernel.h"

namespace frugal::kernels {
namespace {

struct Avx2U64 {
    static constexpr int64_t kLanes = 4;
    static constexpr int kMaxWords = 31;
    using Vec = __m256i;
    using Part = __m256i;  // byte counts
    static Vec zero() { return _mm256_setzero_si256(); }
    static Part part_zero() { return _mm256_setzero_si256(); }
    static Vec bcast(uint64_t x) { return _mm256_set1_epi64x((long long)x); }
    static Vec load(const uint64_t *w) { return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(w)); }
    static Part part_add(Part s, Vec x, Vec w) {
        const __m256i lut = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2,
                                             2, 3, 2, 3, 3, 4);
        const __m256i low = _mm256_set1_epi8(0x0f);
        const __m256i v = _mm256_xor_si256(x, w);
        const __m256i lo = _mm256_and_si256(v, low), hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), low);
        return _mm256_add_epi8(s, _mm256_add_epi8(_mm256_shuffle_epi8(lut, lo), _mm256_shuffle_epi8(lut, hi)));
    }
    static Vec flush(Vec acc, Part s) { return _mm256_add_epi64(acc, _mm256_sad_epu8(s, _mm256_setzero_si256())); }
    static void store(int64_t *out, Vec v) { _mm256_store_si256(reinterpret_cast<__m256i *>(out), v); }

    // Epilogue: 4 doubles per vector, one per u64 lane.
    using DVec = __m256d;
    static Vec loadi(const int64_t *p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p)); }
    static Vec set1(int64_t x) { return _mm256_set1_epi64x((long long)x); }
    static Vec add(Vec a, Vec b) { return _mm256_add_epi64(a, b); }
    static Vec sub(Vec a, Vec b) { return _mm256_sub_epi64(a, b); }
    // No int64 -> double convert on AVX2: adding x to the bits of 1.5 * 2^52 gives that double
    // plus x exactly for |x| < 2^51 (make_bconv2d_problem bounds |dot| far below), so subtracting
    // 1.5 * 2^52 leaves exactly (double) x.
    static DVec to_double(Vec x) {
        const __m256i magic = _mm256_set1_epi64x(0x4338000000000000LL);
        return _mm256_sub_pd(_mm256_castsi256_pd(_mm256_add_epi64(x, magic)), _mm256_set1_pd(6755399441055744.0));
    }
    static DVec dload(const double *p) { return _mm256_loadu_pd(p); }
    static DVec dset1(double x) { return _mm256_set1_pd(x); }
    static DVec dmul(DVec a, DVec b) { return _mm256_mul_pd(a, b); }
    static DVec dadd(DVec a, DVec b) { return _mm256_add_pd(a, b); }
    static DVec relu(DVec v, double alpha) {
        const __m256d ge = _mm256_cmp_pd(v, _mm256_setzero_pd(), _CMP_GE_OQ);
        return _mm256_blendv_pd(_mm256_mul_pd(v, _mm256_set1_pd(alpha)), v, ge);
    }
    static unsigned lt_mask(DVec a, DVec b) { return (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(a, b, _CMP_LT_OQ)); }
    static void dstore(double *p, DVec v) { _mm256_storeu_pd(p, v); }
    static void store_f32(float *p, DVec v) { _mm_storeu_ps(p, _mm256_cvtpd_ps(v)); }
};

}  // namespace

static_assert(kXnorBlockOcAvx2 == 2 * Avx2U64::kLanes, "blocks are two vectors wide");

void xnor_conv_avx2(const XnorConvParams &p, const uint64_t *src, void *dst) { xnor_conv<Avx2U64>(p, src, dst); }

}  // namespace frugal::kernels
