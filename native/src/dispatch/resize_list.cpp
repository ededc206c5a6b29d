// fp32 resize kernels, fastest first. The table kernel is plain loops over precomputed source
// indices: it is its own reference (the tests check it against a float64 ONNX reference).
#include "dispatch/resize_list.h"

namespace frugal {

const ResizeEntry *resize_list(size_t *count) {
    static const ResizeEntry list[] = {
        {{"cpu:table", FRUGAL_ISA_SCALAR}, cpu_resize_create},
    };
    *count = sizeof list / sizeof list[0];
    return list;
}

}  // namespace frugal
