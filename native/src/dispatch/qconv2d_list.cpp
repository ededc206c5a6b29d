// int8 2-D convolution kernels, fastest first, ending with the reference. oneDNN declines below
// AVX-512 VNNI (inexact there); the int8_dw kernels (cpu/cpu_int8_dw.cpp: depthwise NHWC only)
// and the int8_s16 kernels (cpu/cpu_int8.cpp: all but depthwise) are exact on AVX2 and AVX-512
// and bit-identical to the reference.
#include "dispatch/qconv2d_list.h"

namespace frugal {

const QConv2dEntry *qconv2d_list(size_t *count) {
    static const QConv2dEntry list[] = {
        {{"onednn", FRUGAL_ISA_SCALAR}, onednn_qconv2d_create},
        {{"avx512:int8_dw", FRUGAL_ISA_AVX512}, avx512_qconv2d_dw_create},
        {{"avx2:int8_dw", FRUGAL_ISA_AVX2}, avx2_qconv2d_dw_create},
        {{"avx512:int8_s16", FRUGAL_ISA_AVX512}, avx512_qconv2d_create},
        {{"avx2:int8_s16", FRUGAL_ISA_AVX2}, avx2_qconv2d_create},
        {{"ref:direct", FRUGAL_ISA_SCALAR}, ref_qconv2d_create},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
