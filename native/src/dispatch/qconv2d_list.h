// The ordered kernel list of int8 2-D convolution: dispatch/qconv2d_list.cpp.
#pragma once

#include "dispatch/kernel_entry.h"
#include "ops/qconv2d_problem.h"

namespace frugal {

// Factories receive the fp32 weights too, but compute with p.qweights and p.weight_scales.
using QConv2dEntry = KernelEntry<QConv2dProblem>;
const QConv2dEntry *qconv2d_list(size_t *count);

// The factories the list names, each in its own kernel's file.
QConv2dEntry::FactoryFn onednn_qconv2d_create;
QConv2dEntry::FactoryFn avx512_qconv2d_dw_create;  // cpu/cpu_int8_dw.cpp
QConv2dEntry::FactoryFn avx2_qconv2d_dw_create;
QConv2dEntry::FactoryFn avx512_qconv2d_create;  // cpu/cpu_int8.cpp
QConv2dEntry::FactoryFn avx2_qconv2d_create;
QConv2dEntry::FactoryFn ref_qconv2d_create;

}  // namespace frugal
