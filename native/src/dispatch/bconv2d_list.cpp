// Binary (XNOR) 2-D convolution kernels, fastest first, ending with the reference. The xnor
// kernels (cpu/cpu_xnor.cpp over kernels-cpu/src/xnor) are bit-identical to ref:direct. The
// AVX-512 one needs VPOPCNTDQ, which FRUGAL_ISA_AVX512_VNNI groups.
#include "dispatch/bconv2d_list.h"

namespace frugal {

const BConv2dEntry *bconv2d_list(size_t *count) {
    static const BConv2dEntry list[] = {
        {{"avx512:xnor", FRUGAL_ISA_AVX512_VNNI}, avx512_bconv2d_create},
        {{"avx2:xnor", FRUGAL_ISA_AVX2}, avx2_bconv2d_create},
        {{"ref:direct", FRUGAL_ISA_SCALAR}, ref_bconv2d_create},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
