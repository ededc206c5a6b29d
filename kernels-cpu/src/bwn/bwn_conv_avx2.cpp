// AVX2 instantiation of bwn_conv_kernel.h: 8 f32 lanes per vector, 16 output channels per block
// (a 16-bit mask per input channel), 6 pixels per tile. A mask decodes in one broadcast load and
// three ops per vector: each lane shifts its own bit to the sign position (vpsllvd by 31 - lane;
// higher bits leave the lane), keeps only that bit, and XORs it into 1.0f, giving -1.0f where the
// bit is set. Built with the avx2 flags (kernels-cpu/CMakeLists.txt).
#if !defined(__AVX2__) || !defined(__FMA__)
#error "bwn_conv_avx2.cpp must be added with frugal_add_isa_source(... avx2 ...)"
#endif

#include <immintrin.h>

#include "bwn/bwn_conv.h"
#include "bwn/bwn_conv_kernel.h"

namespace frugal::kernels {
namespace {

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
        // One 32-bit broadcast load: the next mask in the upper half shifts out past bit 31 below.
        int32_t two;
        __builtin_memcpy(&two, m, sizeof two);
        const __m256i bits = _mm256_set1_epi32(two);
        const __m256i sign = _mm256_set1_epi32(INT32_MIN);
        const __m256 one = _mm256_set1_ps(1.f);
        const __m256i to_sign0 = _mm256_setr_epi32(31, 30, 29, 28, 27, 26, 25, 24);  // lane l: bit l
        const __m256i to_sign1 = _mm256_setr_epi32(23, 22, 21, 20, 19, 18, 17, 16);  // lane l: bit 8 + l
        *w0 = _mm256_xor_ps(one, _mm256_castsi256_ps(_mm256_and_si256(_mm256_sllv_epi32(bits, to_sign0), sign)));
        *w1 = _mm256_xor_ps(one, _mm256_castsi256_ps(_mm256_and_si256(_mm256_sllv_epi32(bits, to_sign1), sign)));
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
