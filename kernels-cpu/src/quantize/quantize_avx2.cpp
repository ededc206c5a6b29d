// AVX2 instantiation of quantize_kernel.h; built with the avx2 flags (kernels-cpu/CMakeLists.txt).
#if !defined(__AVX2__)
#error "quantize_avx2.cpp must be added with frugal_add_isa_source(... avx2 ...)"
#endif

#include "quantize/quantize.h"
#include "quantize/quantize_kernel.h"

namespace frugal::kernels {

const QuantizeFns quantize_avx2 = quantize_fns<Avx2F32>();

}  // namespace frugal::kernels
