// int8 matrix multiply kernels, fastest first, ending with the reference (as qconv2d_list.cpp).
#include "dispatch/qmatmul_list.h"

namespace frugal {

const QMatmulEntry *qmatmul_list(size_t *count) {
    static const QMatmulEntry list[] = {
        {{"onednn", FRUGAL_ISA_SCALAR}, onednn_qmatmul_create},
        {{"avx512:int8_s16", FRUGAL_ISA_AVX512}, avx512_qmatmul_create},
        {{"avx2:int8_s16", FRUGAL_ISA_AVX2}, avx2_qmatmul_create},
        {{"ref:direct", FRUGAL_ISA_SCALAR}, ref_qmatmul_create},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
