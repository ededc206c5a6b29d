// The ordered kernel list of fp32 binary element-wise operations: dispatch/binary_list.cpp.
#pragma once

#include "dispatch/kernel_entry.h"
#include "ops/binary_problem.h"

namespace frugal {

// Binary operations have no weights: the factories get null weights and bias.
using BinaryEntry = KernelEntry<BinaryProblem>;
const BinaryEntry *binary_list(size_t *count);

BinaryEntry::FactoryFn onednn_binary_create;
BinaryEntry::FactoryFn ref_binary_create;

}  // namespace frugal
