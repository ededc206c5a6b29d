// The ordered kernel list of fp32 concat: dispatch/concat_list.cpp.
#pragma once

#include "dispatch/kernel_entry.h"
#include "ops/concat_problem.h"

namespace frugal {

// Concat has no weights: its factories get null weights and bias.
using ConcatEntry = KernelEntry<ConcatProblem>;
const ConcatEntry *concat_list(size_t *count);

ConcatEntry::FactoryFn onednn_concat_create;
ConcatEntry::FactoryFn ref_concat_create;

}  // namespace frugal
