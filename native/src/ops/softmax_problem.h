// A validated softmax: the tensor seen as [outer, axis_len, inner] (the softmax runs over the
// middle axis); coerce_2d folds every axis from `axis` on into axis_len (inner = 1).
#pragma once

#include "frugal/frugal.h"

namespace frugal {

struct SoftmaxProblem {
    frugal_softmax_desc d;
    int axis = 0;  // normalized to [0, rank)
    int64_t outer = 1, axis_len = 1, inner = 1;
    int64_t elems = 0;
};

frugal_status make_softmax_problem(const frugal_softmax_desc *desc, SoftmaxProblem *out);

}  // namespace frugal
