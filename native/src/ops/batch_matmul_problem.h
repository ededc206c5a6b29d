// A validated batched matmul (numpy semantics): both operands promoted to one rank >= 2 (a rank-1
// a becomes [1, K], a rank-1 b [K, 1], then leading 1s up to the common rank), the broadcast
// batch dimensions, and dst's shape both as computed ([batch..., M, N]) and as numpy states it
// (the promoted dimensions removed). The two describe the same dense memory.
#pragma once

#include "frugal/frugal.h"

namespace frugal {

struct BatchMatMulProblem {
    frugal_batch_matmul_desc d;
    int rank = 0;                      // common rank, >= 2
    int64_t a[FRUGAL_MAX_RANK] = {};   // a's dims: [batch..., M, K]
    int64_t b[FRUGAL_MAX_RANK] = {};   // b's dims: [batch..., K, N]
    int64_t out[FRUGAL_MAX_RANK] = {}; // dst's dims: [batch..., M, N]
    int64_t m = 0, k = 0, n = 0;
    int64_t batch = 1;                 // product of out's batch dimensions
    int out_rank = 0;                  // numpy's dst rank (0 when both operands are rank 1)
    int64_t out_dims[FRUGAL_MAX_RANK] = {};
    int64_t a_elems = 0, b_elems = 0, dst_elems = 0;
};

frugal_status make_batch_matmul_problem(const frugal_batch_matmul_desc *desc, BatchMatMulProblem *out);

}  // namespace frugal
