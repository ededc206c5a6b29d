// fp32 reorder kernels, fastest first, ending with the reference.
#include "dispatch/reorder_list.h"

namespace frugal {

const ReorderEntry *reorder_list(size_t *count) {
    static const ReorderEntry list[] = {
        {{"onednn", FRUGAL_ISA_SCALAR}, onednn_reorder_create},
        {{"ref:direct", FRUGAL_ISA_SCALAR}, ref_reorder_create},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
