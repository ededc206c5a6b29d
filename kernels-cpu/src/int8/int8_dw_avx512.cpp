// AVX-512 (F, BW, VL) instantiation of int8_dw_kernel.h (16 channels per vector), for AVX-512
// CPUs without VNNI; built with the avx512 flags (kernels-cpu/CMakeLists.txt).
#if !defined(__AVX512F__) || !defined(__AVX512BW__) || !defined(__AVX512VL__)
#error "int8_dw_avx512.cpp must be added with frugal_add_isa_source(... avx512 ...)"
#endif

#include "int8/int8_dw.h"
#include "int8/int8_dw_kernel.h"

namespace frugal::kernels {

static_assert(kInt8DwLanesAvx512 == Avx512S32::kLanes, "one vector of s32 lanes per channel vector");

void int8_dw_avx512(const Int8DwParams &p, int16_t *ring, int64_t *rows, int threads, const void *src, void *dst) {
    dw_conv<Avx512S32>(p, ring, rows, threads, src, dst);
}

}  // namespace frugal::kernels
