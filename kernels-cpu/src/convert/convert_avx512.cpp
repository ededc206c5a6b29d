// AVX-512 (F, BW, VL) instantiation of convert_kernel.h; built with the avx512 flags
// (kernels-cpu/CMakeLists.txt).
#if !defined(__AVX512F__) || !defined(__AVX512BW__) || !defined(__AVX512VL__)
#error "convert_avx512.cpp must be added with frugal_add_isa_source(... avx512 ...)"
#endif

#include "convert/convert.h"
#include "convert/convert_kernel.h"

namespace frugal::kernels {

void convert_f32_to_bf16_avx512(const float *src, uint16_t *dst, int64_t n) { f32_to_bf16<Avx512U32>(src, dst, n); }
void convert_bf16_to_f32_avx512(const uint16_t *src, float *dst, int64_t n) { bf16_to_f32<Avx512U32>(src, dst, n); }

}  // namespace frugal::kernels
