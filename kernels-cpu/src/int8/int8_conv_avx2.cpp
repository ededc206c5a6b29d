// AVX2 instantiation of int8_conv_kernel.h (16 output channels x 6 pixels per register tile);
// built with the avx2 flags (kernels-cpu/CMakeLists.txt).
#if !defined(__AVX2__)
#error "int8_conv_avx2.cpp must be added with frugal_add_isa_source(... avx2 ...)"
#endif

#include "int8/int8_conv.h"
#include "int8/int8_conv_kernel.h"

namespace frugal::kernels {

static_assert(kInt8BlockOcAvx2 == 2 * Avx2S32::kLanes, "blocks are two vectors wide");

void int8_conv_avx2(const Int8ConvParams &p, int16_t *scratch, int threads, const void *src, void *dst) {
    conv<Avx2S32, kInt8TileRowsAvx2>(p, scratch, threads, src, dst);
}

}  // namespace frugal::kernels
