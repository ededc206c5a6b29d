// The ordered kernel list of fp32 2-D transposed convolution: dispatch/conv_transpose2d_list.cpp.
#pragma once

#include "dispatch/kernel_entry.h"
#include "ops/conv_transpose2d_problem.h"

namespace frugal {

using ConvTranspose2dEntry = KernelEntry<ConvTranspose2dProblem>;
const ConvTranspose2dEntry *conv_transpose2d_list(size_t *count);

ConvTranspose2dEntry::FactoryFn onednn_conv_transpose2d_create;
ConvTranspose2dEntry::FactoryFn ref_conv_transpose2d_create;

}  // namespace frugal
