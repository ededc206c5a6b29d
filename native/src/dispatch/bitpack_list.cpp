// f32 <-> BIT sign packing kernels, fastest first, ending with the reference. All are bit-exact
// with it (kernels-cpu/src/bitpack), so the order only trades speed.
#include "dispatch/bitpack_list.h"

namespace frugal {

const BitPackEntry *bitpack_list(size_t *count) {
    static const BitPackEntry list[] = {
        {{"avx512:bitpack", FRUGAL_ISA_AVX512}, &kernels::bitpack_avx512},
        {{"avx2:bitpack", FRUGAL_ISA_AVX2}, &kernels::bitpack_avx2},
        {{"ref:bitpack", FRUGAL_ISA_SCALAR}, &kernels::bitpack_ref},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
