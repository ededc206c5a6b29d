// A validated binary-weight (BWN) 2-D convolution: the geometry (a Conv2dProblem, NHWC) and the
// weights binarized once by the C entry (ops/bwconv2d.cpp), so every kernel computes with the
// same sign bits and per-channel multipliers.
#pragma once

#include <cstdint>

#include "ops/conv2d_problem.h"

namespace frugal {

struct BWConv2dProblem {
    Conv2dProblem conv;        // geometry, layout (NHWC), activation (conv.d)
    int64_t taps = 0;          // kernel_h * kernel_w
    int64_t group_words = 0;   // uint64 words of sign bits per [oc][tap]: ceil(ic_per_group / 64)
    // Valid while kernels are created:
    const uint64_t *wbits = nullptr;   // [OC][taps][group_words], bit 1 = -1, zero past ic_per_group
    const float *multiplier = nullptr;  // [OC]: given, or alpha = mean|W|
    // Whether output channel oc's weight at (tap t, input channel ic of its group) is -1.
    bool negative(int64_t oc, int64_t t, int64_t ic) const {
        return (wbits[(oc * taps + t) * group_words + ic / 64] >> (ic % 64)) & 1;
    }
};

frugal_status make_bwconv2d_problem(const frugal_conv2d_desc *desc, BWConv2dProblem *out);

}  // namespace frugal
