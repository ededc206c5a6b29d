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
};

}  // namespace

static_assert(kXnorBlockOcAvx2 == 2 * Avx2U64::kLanes, "blocks are two vectors wide");

void xnor_conv_avx2(const XnorConvParams &p, const uint64_t *src, void *dst) { xnor_conv<Avx2U64>(p, src, dst); }

}  // namespace frugal::kernels
