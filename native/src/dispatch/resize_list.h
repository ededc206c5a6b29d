// The ordered kernel list of fp32 resize: dispatch/resize_list.cpp.
#pragma once

#include "dispatch/kernel_entry.h"
#include "ops/resize_problem.h"

namespace frugal {

// Resize has no weights: its factories get null weights and bias.
using ResizeEntry = KernelEntry<ResizeProblem>;
const ResizeEntry *resize_list(size_t *count);

ResizeEntry::FactoryFn cpu_resize_create;

}  // namespace frugal
