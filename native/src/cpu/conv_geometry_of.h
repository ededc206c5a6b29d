// A validated convolution's geometry as the CPU kernels read it (kernels-cpu/src/common).
#pragma once

#include "common/conv_geometry.h"
#include "ops/conv2d_problem.h"

namespace frugal {

inline kernels::ConvGeometry conv_geometry_of(const Conv2dProblem &c) {
    const frugal_conv2d_desc &d = c.d;
    kernels::ConvGeometry g{};
    g.batch = d.batch;
    g.in_c = d.in_channels;
    g.in_h = d.in_h;
    g.in_w = d.in_w;
    g.out_c = d.out_channels;
    g.out_h = c.out_h;
    g.out_w = c.out_w;
    g.kernel_h = d.kernel_h;
    g.kernel_w = d.kernel_w;
    g.stride_h = d.stride_h;
    g.stride_w = d.stride_w;
    g.pad_top = d.pad_top;
    g.pad_left = d.pad_left;
    g.dilation_h = d.dilation_h;
    g.dilation_w = d.dilation_w;
    g.groups = d.groups;
    return g;
}

}  // namespace frugal
