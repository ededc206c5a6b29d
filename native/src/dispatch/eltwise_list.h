// The ordered kernel list of fp32 element-wise activation: dispatch/eltwise_list.cpp.
#pragma once

#include "dispatch/kernel_entry.h"
#include "ops/eltwise_problem.h"

namespace frugal {

// Activations have no weights: the factories get null weights and bias.
using EltwiseEntry = KernelEntry<EltwiseProblem>;
const EltwiseEntry *eltwise_list(size_t *count);

EltwiseEntry::FactoryFn onednn_eltwise_create;
EltwiseEntry::FactoryFn ref_eltwise_create;

}  // namespace frugal
