// The f32 <-> BIT sign packing kernels in dispatch order (bitpack_list.cpp), for ops/bitpack.cpp.
#pragma once

#include <cstddef>

#include "bitpack/bitpack.h"
#include "dispatch/impl_list.h"

namespace frugal {

// Every entry serves every direction and shape, so an entry never declines: the list only ranks
// kernels by ISA and lets a caller pin one by name.
struct BitPackEntry {
    ImplInfo info;
    const kernels::BitPackFns *fns;
};

const BitPackEntry *bitpack_list(size_t *count);

}  // namespace frugal
