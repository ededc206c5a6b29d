// AVX2 instantiation of int8_dw_kernel.h (8 channels per vector); built with the avx2 flags
// (kernels-cpu/CMakeLists.txt).
#if !defined(__AVX2__)
#error "int8_dw_avx2.cpp must be added with frugal_add_isa_source(... avx2 ...)"
#endif

#include "int8/int8_dw.h"
#include "int8/int8_dw_kernel.h"

namespace frugal::kernels {

static_assert(kInt8DwLanesAvx2 == Avx2S32::kLanes, "one vector of s32 lanes per channel vector");

void int8_dw_avx2(const Int8DwParams &p, int16_t *ring, int64_t *rows, int threads, const void *src, void *dst) {
    dw_conv<Avx2S32>(p, ring, rows, threads, src, dst);
}

}  // namespace frugal::kernels
