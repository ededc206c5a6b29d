// A validated reorder: dst dense row-major with dims, each element read from src at
// src_offset + sum_k i_k * src_strides[k], every read proven inside src_elements.
#pragma once

#include "frugal/frugal.h"

namespace frugal {

struct ReorderProblem {
    frugal_reorder_desc d;
    int64_t dst_elems = 0;
    int64_t last_read = 0;  // src_offset + sum (dims - 1) * strides: the highest index read
};

frugal_status make_reorder_problem(const frugal_reorder_desc *desc, ReorderProblem *out);

}  // namespace frugal
