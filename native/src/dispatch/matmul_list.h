// The ordered kernel list of fp32 matrix multiply: dispatch/matmul_list.cpp.
#pragma once

#include "dispatch/kernel_entry.h"
#include "ops/matmul_problem.h"

namespace frugal {

using MatmulEntry = KernelEntry<MatmulProblem>;
const MatmulEntry *matmul_list(size_t *count);

MatmulEntry::FactoryFn onednn_matmul_create;
MatmulEntry::FactoryFn ref_matmul_create;

}  // namespace frugal
