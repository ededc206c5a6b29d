// fp32 concat kernels, fastest first, ending with the reference.
#include "dispatch/concat_list.h"

namespace frugal {

const ConcatEntry *concat_list(size_t *count) {
    static const ConcatEntry list[] = {
        {{"onednn", FRUGAL_ISA_SCALAR}, onednn_concat_create},
        {{"ref:direct", FRUGAL_ISA_SCALAR}, ref_concat_create},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
