// int8 matrix multiply kernels, fastest first, ending with the reference.
#include "dispatch/qmatmul_list.h"

namespace frugal {

const QMatmulEntry *qmatmul_list(size_t *count) {
    static const QMatmulEntry list[] = {
        {{"onednn", FRUGAL_ISA_SCALAR}, onednn_qmatmul_create},
        {{"ref:direct", FRUGAL_ISA_SCALAR}, ref_qmatmul_create},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
