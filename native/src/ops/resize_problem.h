// A validated resize: batch * channels planes of in_h x in_w, each resized to out_h x out_w
// (stored NCHW, or NHWC with the channels of a pixel together, per d.layout).
#pragma once

#include "frugal/frugal.h"

namespace frugal {

struct ResizeProblem {
    frugal_resize_desc d;
    int64_t planes = 0;  // batch * channels
};

frugal_status make_resize_problem(const frugal_resize_desc *desc, ResizeProblem *out);

}  // namespace frugal
