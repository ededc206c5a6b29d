// The ordered kernel list of fp32 batched matmul of two run-time tensors: dispatch/batch_matmul_list.cpp.
#pragma once

#include "dispatch/kernel_entry.h"
#include "ops/batch_matmul_problem.h"

namespace frugal {

// Both operands arrive at execute: the factories get null weights and bias.
using BatchMatMulEntry = KernelEntry<BatchMatMulProblem>;
const BatchMatMulEntry *batch_matmul_list(size_t *count);

BatchMatMulEntry::FactoryFn onednn_batch_matmul_create;
BatchMatMulEntry::FactoryFn ref_batch_matmul_create;

}  // namespace frugal
