// A validated int8 matrix multiply: the fp32 matmul's shape (a MatmulProblem), the data types and
// scales, and the weights quantized once by the C entry (ops/qmatmul.cpp), so that every kernel
// computes with the same q_w and s_w.
#pragma once

#include <cstdint>

#include "ops/matmul_problem.h"

namespace frugal {

struct QMatmulProblem {
    MatmulProblem mm;  // batch, m, k, n, weights_transposed, activation (mm.d)
    frugal_dtype src_dtype = FRUGAL_U8, dst_dtype = FRUGAL_F32;
    float src_scale = 1.f, dst_scale = 1.f;
    // Valid while kernels are created: q_w in the weights' storage order, and s_w [n].
    const int8_t *qweights = nullptr;
    const float *weight_scales = nullptr;
    bool dst_is_int8() const { return dst_dtype == FRUGAL_U8 || dst_dtype == FRUGAL_S8; }
};

frugal_status make_qmatmul_problem(const frugal_qmatmul_desc *desc, QMatmulProblem *out);

}  // namespace frugal
