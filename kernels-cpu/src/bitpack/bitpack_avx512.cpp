// AVX-512 (F, BW, VL) instantiation of bitpack_kernel.h; built with the avx512 flags
// (kernels-cpu/CMakeLists.txt).
#if !defined(__AVX512F__) || !defined(__AVX512BW__) || !defined(__AVX512VL__)
#error "bitpack_avx512.cpp must be added with frugal_add_isa_source(... avx512 ...)"
#endif

#include "bitpack/bitpack.h"
#include "bitpack/bitpack_kernel.h"

namespace frugal::kernels {

const BitPackFns bitpack_avx512 = bitpack_fns<Avx512Bits>();

}  // namespace frugal::kernels
