// The ordered kernel list of fp32 2-D pooling: dispatch/pool2d_list.cpp.
#pragma once

#include "dispatch/kernel_entry.h"
#include "ops/pool2d_problem.h"

namespace frugal {

// Pooling has no weights: its factories get null weights and bias.
using Pool2dEntry = KernelEntry<Pool2dProblem>;
const Pool2dEntry *pool2d_list(size_t *count);

Pool2dEntry::FactoryFn onednn_pool2d_create;
Pool2dEntry::FactoryFn ref_pool2d_create;

}  // namespace frugal
