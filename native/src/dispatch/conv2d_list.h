// The ordered kernel list of fp32 2-D convolution: dispatch/conv2d_list.cpp.
#pragma once

#include "dispatch/kernel_entry.h"
#include "ops/conv2d_problem.h"

namespace frugal {

using Conv2dEntry = KernelEntry<Conv2dProblem>;
const Conv2dEntry *conv2d_list(size_t *count);

// The factories the list names, each in its own kernel's file.
Conv2dEntry::FactoryFn onednn_conv2d_create;
Conv2dEntry::FactoryFn ref_conv2d_create;

}  // namespace frugal
