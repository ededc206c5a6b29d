// fp32 2-D transposed convolution kernels, fastest first, ending with the reference.
#include "dispatch/conv_transpose2d_list.h"

namespace frugal {

const ConvTranspose2dEntry *conv_transpose2d_list(size_t *count) {
    static const ConvTranspose2dEntry list[] = {
        {{"onednn", FRUGAL_ISA_SCALAR}, onednn_conv_transpose2d_create},
        {{"ref:direct", FRUGAL_ISA_SCALAR}, ref_conv_transpose2d_create},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
