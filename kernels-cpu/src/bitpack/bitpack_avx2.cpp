// AVX2 instantiation of bitpack_kernel.h; built with the avx2 flags (kernels-cpu/CMakeLists.txt).
#if !defined(__AVX2__)
#error "bitpack_avx2.cpp must be added with frugal_add_isa_source(... avx2 ...)"
#endif

#include "bitpack/bitpack.h"
#include "bitpack/bitpack_kernel.h"

namespace frugal::kernels {

const BitPackFns bitpack_avx2 = bitpack_fns<Avx2Bits>();

}  // namespace frugal::kernels
