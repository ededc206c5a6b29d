// fp32 2-D pooling kernels, fastest first, ending with the reference.
#include "dispatch/pool2d_list.h"

namespace frugal {

const Pool2dEntry *pool2d_list(size_t *count) {
    static const Pool2dEntry list[] = {
        {{"onednn", FRUGAL_ISA_SCALAR}, onednn_pool2d_create},
        {{"ref:direct", FRUGAL_ISA_SCALAR}, ref_pool2d_create},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
