// int8 2-D convolution kernels, fastest first, ending with the reference.
#include "dispatch/qconv2d_list.h"

namespace frugal {

const QConv2dEntry *qconv2d_list(size_t *count) {
    static const QConv2dEntry list[] = {
        {{"onednn", FRUGAL_ISA_SCALAR}, onednn_qconv2d_create},
        {{"ref:direct", FRUGAL_ISA_SCALAR}, ref_qconv2d_create},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
