// Binary-weight (BWN) 2-D convolution kernels, fastest first, ending with the reference. The bwn
// kernels (cpu/cpu_bwn.cpp over kernels-cpu/src/bwn) sum in float and agree with ref:direct to
// float rounding; they serve every problem make_bwconv2d_problem accepts.
#include "dispatch/bwconv2d_list.h"

namespace frugal {

const BWConv2dEntry *bwconv2d_list(size_t *count) {
    static const BWConv2dEntry list[] = {
        {{"avx512:bwn", FRUGAL_ISA_AVX512}, avx512_bwconv2d_create},
        {{"avx2:bwn", FRUGAL_ISA_AVX2}, avx2_bwconv2d_create},
        {{"ref:direct", FRUGAL_ISA_SCALAR}, ref_bwconv2d_create},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
