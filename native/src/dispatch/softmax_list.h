// The ordered kernel list of fp32 softmax: dispatch/softmax_list.cpp.
#pragma once

#include "dispatch/kernel_entry.h"
#include "ops/softmax_problem.h"

namespace frugal {

// Softmax has no weights: its factories get null weights and bias.
using SoftmaxEntry = KernelEntry<SoftmaxProblem>;
const SoftmaxEntry *softmax_list(size_t *count);

SoftmaxEntry::FactoryFn onednn_softmax_create;
SoftmaxEntry::FactoryFn ref_softmax_create;

}  // namespace frugal
