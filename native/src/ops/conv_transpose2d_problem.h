// A validated 2-D transposed convolution: the descriptor plus the derived output size and
// element counts. Every kernel receives one of these, so no kernel re-validates.
#pragma once

#include "frugal/frugal.h"

namespace frugal {

struct ConvTranspose2dProblem {
    frugal_conv_transpose2d_desc d;
    int64_t out_h = 0, out_w = 0;
    int64_t src_elems = 0, dst_elems = 0, weight_elems = 0;
    int64_t ic_per_group() const { return d.in_channels / d.groups; }
    int64_t oc_per_group() const { return d.out_channels / d.groups; }
};

frugal_status make_conv_transpose2d_problem(const frugal_conv_transpose2d_desc *desc, ConvTranspose2dProblem *out);

}  // namespace frugal
