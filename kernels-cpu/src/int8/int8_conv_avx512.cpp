// AVX-512 (F, BW) instantiation of int8_conv_kernel.h (32 output channels x 12 pixels per
// register tile), for AVX-512 CPUs without VNNI; built with the avx512 flags
// (kernels-cpu/CMakeLists.txt).
#if !defined(__AVX512F__) || !defined(__AVX512BW__)
#error "int8_conv_avx512.cpp must be added with frugal_add_isa_source(... avx512 ...)"
#endif

#include "int8/int8_conv.h"
#include "int8/int8_conv_kernel.h"

namespace frugal::kernels {

static_assert(kInt8BlockOcAvx512 == 2 * Avx512S32::kLanes, "blocks are two vectors wide");

void int8_conv_avx512(const Int8ConvParams &p, int16_t *scratch, int threads, const void *src, void *dst) {
    conv<Avx512S32, kInt8TileRowsAvx512>(p, scratch, threads, src, dst);
}

}  // namespace frugal::kernels
