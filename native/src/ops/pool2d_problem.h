// A validated 2-D pooling: the descriptor (global pooling already resolved into kernel = image,
// stride 1, no padding) plus the derived output size and element counts.
#pragma once

#include "frugal/frugal.h"

namespace frugal {

struct Pool2dProblem {
    frugal_pool2d_desc d;
    int64_t out_h = 0, out_w = 0;
    int64_t src_elems = 0, dst_elems = 0;
    // End padding the output size actually reaches (>= the declared one in ceil mode).
    int64_t eff_pad_bottom = 0, eff_pad_right = 0;
};

// FRUGAL_OK and *out filled, or FRUGAL_INVALID_ARGUMENT with the message set.
frugal_status make_pool2d_problem(const frugal_pool2d_desc *desc, Pool2dProblem *out);

}  // namespace frugal
