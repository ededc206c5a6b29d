// A validated concat: the tensors seen as [outer, axis_i, inner], joined along the middle axis.
#pragma once

#include "frugal/frugal.h"

namespace frugal {

struct ConcatProblem {
    frugal_concat_desc d;
    int axis = 0;  // normalized to [0, rank)
    int64_t outer = 1, inner = 1, axis_total = 0;
    int64_t dst_dims[FRUGAL_MAX_RANK] = {};
    int64_t dst_elems = 0;
};

frugal_status make_concat_problem(const frugal_concat_desc *desc, ConcatProblem *out);

}  // namespace frugal
