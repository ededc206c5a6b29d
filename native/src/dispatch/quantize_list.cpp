// f32 <-> u8/s8 quantize / dequantize kernels, fastest first, ending with the reference. All are
// bit-exact with it (kernels-cpu/src/quantize), so the order only trades speed. Adding a kernel
// is one line here.
#include "dispatch/quantize_list.h"

namespace frugal {

const QuantizeEntry *quantize_list(size_t *count) {
    static const QuantizeEntry list[] = {
        {{"avx512:quantize", FRUGAL_ISA_AVX512}, &kernels::quantize_avx512},
        {{"avx2:quantize", FRUGAL_ISA_AVX2}, &kernels::quantize_avx2},
        {{"ref:quantize", FRUGAL_ISA_SCALAR}, &kernels::quantize_ref},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
