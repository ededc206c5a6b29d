// The ordered kernel list of fp32 reductions: dispatch/reduce_list.cpp.
#pragma once

#include "dispatch/kernel_entry.h"
#include "ops/reduce_problem.h"

namespace frugal {

// Reductions have no weights: the factories get null weights and bias.
using ReduceEntry = KernelEntry<ReduceProblem>;
const ReduceEntry *reduce_list(size_t *count);

ReduceEntry::FactoryFn onednn_reduce_create;
ReduceEntry::FactoryFn ref_reduce_create;

}  // namespace frugal
