// The ordered kernel list of fp32 reorder (strided copy): dispatch/reorder_list.cpp.
#pragma once

#include "dispatch/kernel_entry.h"
#include "ops/reorder_problem.h"

namespace frugal {

// Reorder has no weights: its factories get null weights and bias.
using ReorderEntry = KernelEntry<ReorderProblem>;
const ReorderEntry *reorder_list(size_t *count);

ReorderEntry::FactoryFn onednn_reorder_create;
ReorderEntry::FactoryFn ref_reorder_create;

}  // namespace frugal
