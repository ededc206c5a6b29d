// fp32 matrix multiply kernels, fastest first, ending with the reference.
#include "dispatch/matmul_list.h"

namespace frugal {

const MatmulEntry *matmul_list(size_t *count) {
    static const MatmulEntry list[] = {
        {{"onednn", FRUGAL_ISA_SCALAR}, onednn_matmul_create},
        {{"ref:direct", FRUGAL_ISA_SCALAR}, ref_matmul_create},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
