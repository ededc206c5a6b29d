// A validated matrix multiply (frugal_matmul_desc) with its element counts.
#pragma once

#include "frugal/frugal.h"

namespace frugal {

struct MatmulProblem {
    frugal_matmul_desc d;
    int64_t src_elems = 0, dst_elems = 0, weight_elems = 0;
};

frugal_status make_matmul_problem(const frugal_matmul_desc *desc, MatmulProblem *out);

}  // namespace frugal
