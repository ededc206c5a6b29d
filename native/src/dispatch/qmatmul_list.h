// The ordered kernel list of int8 matrix multiply: dispatch/qmatmul_list.cpp.
#pragma once

#include "dispatch/kernel_entry.h"
#include "ops/qmatmul_problem.h"

namespace frugal {

// Factories receive the fp32 weights too, but compute with p.qweights and p.weight_scales.
using QMatmulEntry = KernelEntry<QMatmulProblem>;
const QMatmulEntry *qmatmul_list(size_t *count);

QMatmulEntry::FactoryFn onednn_qmatmul_create;
QMatmulEntry::FactoryFn avx512_qmatmul_create;  // cpu/cpu_int8.cpp
QMatmulEntry::FactoryFn avx2_qmatmul_create;
QMatmulEntry::FactoryFn ref_qmatmul_create;

}  // namespace frugal
