// AVX-512 (F, BW, VL) instantiation of quantize_kernel.h; built with the avx512 flags
// (kernels-cpu/CMakeLists.txt).
#if !defined(__AVX512F__) || !defined(__AVX512BW__) || !defined(__AVX512VL__)
#error "quantize_avx512.cpp must be added with frugal_add_isa_source(... avx512 ...)"
#endif

#include "quantize/quantize.h"
#include "quantize/quantize_kernel.h"

namespace frugal::kernels {

const QuantizeFns quantize_avx512 = quantize_fns<Avx512F32>();

}  // namespace frugal::kernels
