// A validated 2-D convolution: the descriptor plus the derived output size and element counts.
// Every kernel receives one of these, so no kernel re-validates or recomputes sizes.
#pragma once

#include <string>

#include "frugal/frugal.h"

namespace frugal {

struct Conv2dProblem {
    frugal_conv2d_desc d;
    int64_t out_h = 0, out_w = 0;
    int64_t src_elems = 0, dst_elems = 0, weight_elems = 0;
    int64_t ic_per_group() const { return d.in_channels / d.groups; }
    int64_t oc_per_group() const { return d.out_channels / d.groups; }
};

// FRUGAL_OK and *out filled, or FRUGAL_INVALID_ARGUMENT with the message set.
// op names the operator in messages ("conv2d", or "qconv2d" for the int8 convolution).
frugal_status make_conv2d_problem(const frugal_conv2d_desc *desc, Conv2dProblem *out, const char *op = "conv2d");

}  // namespace frugal
