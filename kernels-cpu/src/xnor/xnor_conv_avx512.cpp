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
};

}  // namespace

static_assert(kXnorBlockOcAvx512 == 2 * Avx512U64::kLanes, "blocks are two vectors wide");

void xnor_conv_avx512(const XnorConvParams &p, const uint64_t *src, void *dst) { xnor_conv<Avx512U64>(p, src, dst); }

}  // namespace frugal::kernels
