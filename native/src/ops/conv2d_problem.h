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

// The frugal_conv2d_desc geometry of another convolution descriptor (int8, binary) that spells
// the same fields, so every convolution validates its geometry through make_conv2d_problem.
template <typename Desc>
frugal_conv2d_desc conv2d_geometry(const Desc &q) {
    frugal_conv2d_desc d{};
    d.batch = q.batch;
    d.in_channels = q.in_channels;
    d.in_h = q.in_h;
    d.in_w = q.in_w;
    d.out_channels = q.out_channels;
    d.kernel_h = q.kernel_h;
    d.kernel_w = q.kernel_w;
    d.stride_h = q.stride_h;
    d.stride_w = q.stride_w;
    d.pad_top = q.pad_top;
    d.pad_left = q.pad_left;
    d.pad_bottom = q.pad_bottom;
    d.pad_right = q.pad_right;
    d.dilation_h = q.dilation_h;
    d.dilation_w = q.dilation_w;
    d.groups = q.groups;
    d.layout = q.layout;
    d.activation = q.activation;
    return d;
}

// FRUGAL_OK and *out filled, or FRUGAL_INVALID_ARGUMENT with the message set.
// op names the operator in messages ("conv2d", or "qconv2d" for the int8 convolution).
frugal_status make_conv2d_problem(const frugal_conv2d_desc *desc, Conv2dProblem *out, const char *op = "conv2d");

}  // namespace frugal
