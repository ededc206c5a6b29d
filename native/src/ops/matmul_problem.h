// A validated matrix multiply (frugal_matmul_desc) with its element counts.
#pragma once

#include "frugal/frugal.h"

namespace frugal {

struct MatmulProblem {
    frugal_matmul_desc d;
    int64_t src_elems = 0, dst_elems = 0, weight_elems = 0;
};

// op names the operator in messages ("matmul", or "qmatmul" for the int8 matmul).
frugal_status make_matmul_problem(const frugal_matmul_desc *desc, MatmulProblem *out, const char *op = "matmul");

}  // namespace frugal
