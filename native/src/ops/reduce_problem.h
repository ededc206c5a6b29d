// A validated reduction: the input shape, the set of reduced axes as a mask (never 0: ONNX's
// empty axes already expanded to every axis), dst's shape (reduced axes of extent 1) and counts.
#pragma once

#include "frugal/frugal.h"

namespace frugal {

struct ReduceProblem {
    frugal_reduce_desc d;
    uint32_t mask = 0;                 // bit i: axis i is reduced; only bits below rank
    int64_t out[FRUGAL_MAX_RANK] = {}; // dst dims: d.dims with reduced axes set to 1
    int64_t src_elems = 0, dst_elems = 0;
    int64_t reduced = 0;               // elements folded into each dst element
};

frugal_status make_reduce_problem(const frugal_reduce_desc *desc, ReduceProblem *out);

}  // namespace frugal
