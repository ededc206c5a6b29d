// fp32 2-D convolution kernels, fastest first, ending with the reference.
#include "dispatch/conv2d_list.h"

namespace frugal {

const Conv2dEntry *conv2d_list(size_t *count) {
    static const Conv2dEntry list[] = {
        {{"onednn", FRUGAL_ISA_SCALAR}, onednn_conv2d_create},
        {{"ref:direct", FRUGAL_ISA_SCALAR}, ref_conv2d_create},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
