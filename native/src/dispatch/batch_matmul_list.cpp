// fp32 batched matmul kernels, fastest first, ending with the reference.
#include "dispatch/batch_matmul_list.h"

namespace frugal {

const BatchMatMulEntry *batch_matmul_list(size_t *count) {
    static const BatchMatMulEntry list[] = {
        {{"onednn", FRUGAL_ISA_SCALAR}, onednn_batch_matmul_create},
        {{"ref:direct", FRUGAL_ISA_SCALAR}, ref_batch_matmul_create},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
