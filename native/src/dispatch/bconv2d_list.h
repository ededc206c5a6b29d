// The ordered kernel list of binary (XNOR) 2-D convolution: dispatch/bconv2d_list.cpp.
#pragma once

#include "dispatch/kernel_entry.h"
#include "ops/bconv2d_problem.h"

namespace frugal {

// Factories compute with p.wbits, p.multiplier and p.pad_dot; the weights argument is the fp32
// original, the bias argument [OC] or null.
using BConv2dEntry = KernelEntry<BConv2dProblem>;
const BConv2dEntry *bconv2d_list(size_t *count);

BConv2dEntry::FactoryFn avx512_bconv2d_create;  // cpu/cpu_xnor.cpp
BConv2dEntry::FactoryFn avx2_bconv2d_create;
BConv2dEntry::FactoryFn ref_bconv2d_create;     // ref/ref_bconv2d.cpp

}  // namespace frugal
