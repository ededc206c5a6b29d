// The f32 <-> u8/s8 quantize / dequantize kernels in dispatch order (quantize_list.cpp), for
// ops/quantize.cpp.
#pragma once

#include <cstddef>

#include "dispatch/impl_list.h"
#include "quantize/quantize.h"

namespace frugal {

// Every entry serves every dtype pair and count, so an entry never declines: the list only ranks
// kernels by ISA and lets a caller pin one by name.
struct QuantizeEntry {
    ImplInfo info;
    const kernels::QuantizeFns *fns;
};

const QuantizeEntry *quantize_list(size_t *count);

}  // namespace frugal
