// A validated int8 2-D convolution: the convolution geometry (a Conv2dProblem), the data types
// and scales, and the weights quantized once by the C entry (ops/qconv2d.cpp), so that every
// kernel computes with the same q_w and s_w.
#pragma once

#include <cstdint>

#include "ops/conv2d_problem.h"

namespace frugal {

struct QConv2dProblem {
    Conv2dProblem conv;  // geometry, layout, activation (conv.d)
    frugal_dtype src_dtype = FRUGAL_U8, dst_dtype = FRUGAL_F32;
    float src_scale = 1.f, dst_scale = 1.f;
    // Valid while kernels are created: q_w [OC, IC/groups, KH, KW] and s_w [OC].
    const int8_t *qweights = nullptr;
    const float *weight_scales = nullptr;
    bool dst_is_int8() const { return dst_dtype == FRUGAL_U8 || dst_dtype == FRUGAL_S8; }
};

// FRUGAL_OK and *out filled (without the weights), or FRUGAL_INVALID_ARGUMENT with the message set.
frugal_status make_qconv2d_problem(const frugal_qconv2d_desc *desc, QConv2dProblem *out);

}  // namespace frugal
