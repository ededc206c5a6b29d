// AVX2 instantiation of convert_kernel.h; built with the avx2 flags (kernels-cpu/CMakeLists.txt).
#if !defined(__AVX2__)
#error "convert_avx2.cpp must be added with frugal_add_isa_source(... avx2 ...)"
#endif

#include "convert/convert.h"
#include "convert/convert_kernel.h"

namespace frugal::kernels {

void convert_f32_to_bf16_avx2(const float *src, uint16_t *dst, int64_t n) { f32_to_bf16<Avx2U32>(src, dst, n); }
void convert_bf16_to_f32_avx2(const uint16_t *src, float *dst, int64_t n) { bf16_to_f32<Avx2U32>(src, dst, n); }

}  // namespace frugal::kernels
