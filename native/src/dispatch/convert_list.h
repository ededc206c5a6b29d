// The f32 <-> bf16 conversion kernels in dispatch order (convert_list.cpp), for ops/convert.cpp.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dispatch/impl_list.h"

namespace frugal {

// Every entry converts both ways and serves any count, so an entry never declines: the
// list only ranks kernels by ISA and lets a caller pin one by name.
struct ConvertKernels {
    void (*f32_to_bf16)(const float *src, uint16_t *dst, int64_t n);
    void (*bf16_to_f32)(const uint16_t *src, float *dst, int64_t n);
};

struct ConvertList {
    const ImplInfo *infos;          // for select_impl: names and ISA levels, fastest first
    const ConvertKernels *kernels;  // kernels[i] is the entry infos[i] names
    size_t size;
};

const ConvertList &convert_list();

}  // namespace frugal
