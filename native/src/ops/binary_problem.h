// A validated binary element-wise operation: both input shapes right-aligned to the output
// rank (leading 1s), the broadcast output shape and the element counts.
#pragma once

#include "frugal/frugal.h"

namespace frugal {

struct BinaryProblem {
    frugal_binary_desc d;
    int rank = 0;                      // output rank
    int64_t a[FRUGAL_MAX_RANK] = {};   // src0 dims, padded with leading 1s to rank
    int64_t b[FRUGAL_MAX_RANK] = {};   // src1 dims, likewise
    int64_t out[FRUGAL_MAX_RANK] = {};
    int64_t a_elems = 0, b_elems = 0, dst_elems = 0;
};

frugal_status make_binary_problem(const frugal_binary_desc *desc, BinaryProblem *out);

}  // namespace frugal
