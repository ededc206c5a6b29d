// fp32 element-wise activation kernels, fastest first, ending with the reference.
#include "dispatch/eltwise_list.h"

namespace frugal {

const EltwiseEntry *eltwise_list(size_t *count) {
    static const EltwiseEntry list[] = {
        {{"onednn", FRUGAL_ISA_SCALAR}, onednn_eltwise_create},
        {{"ref:direct", FRUGAL_ISA_SCALAR}, ref_eltwise_create},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
