// The geometry every direct convolution kernel reads: frugal_conv2d_desc's fields plus the output
// size (pad_bottom / pad_right only set out_h / out_w). Kernel parameter structs derive from it;
// the glue fills it from a validated Conv2dProblem (native/src/cpu/conv_geometry_of.h).
#pragma once

#include <cstdint>

namespace frugal::kernels {

struct ConvGeometry {
    int64_t batch, in_c, in_h, in_w, out_c, out_h, out_w;
    int64_t kernel_h, kernel_w, stride_h, stride_w, pad_top, pad_left, dilation_h, dilation_w, groups;
};

}  // namespace frugal::kernels
