// fp32 binary element-wise kernels, fastest first, ending with the reference.
#include "dispatch/binary_list.h"

namespace frugal {

const BinaryEntry *binary_list(size_t *count) {
    static const BinaryEntry list[] = {
        {{"onednn", FRUGAL_ISA_SCALAR}, onednn_binary_create},
        {{"ref:direct", FRUGAL_ISA_SCALAR}, ref_binary_create},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
