// The ordered kernel list of binary-weight (BWN) 2-D convolution: dispatch/bwconv2d_list.cpp.
#pragma once

#include "dispatch/kernel_entry.h"
#include "ops/bwconv2d_problem.h"

namespace frugal {

// Factories compute with p.wbits and p.multiplier; the weights argument is the fp32 original,
// the bias argument [OC] or null.
using BWConv2dEntry = KernelEntry<BWConv2dProblem>;
const BWConv2dEntry *bwconv2d_list(size_t *count);

BWConv2dEntry::FactoryFn avx512_bwconv2d_create;  // cpu/cpu_bwn.cpp
BWConv2dEntry::FactoryFn avx2_bwconv2d_create;
BWConv2dEntry::FactoryFn ref_bwconv2d_create;     // ref/ref_bwconv2d.cpp

}  // namespace frugal
