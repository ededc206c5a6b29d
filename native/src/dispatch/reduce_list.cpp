// fp32 reduction kernels, fastest first, ending with the reference.
#include "dispatch/reduce_list.h"

namespace frugal {

const ReduceEntry *reduce_list(size_t *count) {
    static const ReduceEntry list[] = {
        {{"onednn", FRUGAL_ISA_SCALAR}, onednn_reduce_create},
        {{"ref:direct", FRUGAL_ISA_SCALAR}, ref_reduce_create},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
