// fp32 softmax kernels, fastest first, ending with the reference.
#include "dispatch/softmax_list.h"

namespace frugal {

const SoftmaxEntry *softmax_list(size_t *count) {
    static const SoftmaxEntry list[] = {
        {{"onednn", FRUGAL_ISA_SCALAR}, onednn_softmax_create},
        {{"ref:direct", FRUGAL_ISA_SCALAR}, ref_softmax_create},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
