// The f32 <-> bf16 loops, written once against a vector trait (convert_vec.h) and instantiated
// by each convert_<isa>.cpp. The rule is the reference's (convert_ref.cpp) in integer
// arithmetic on the f32 encoding. VCVTNEPS2BF16 (AVX512_BF16) is not used: it flushes
// denormal inputs to zero and so would not match the reference bit for bit.
#pragma once

#include "convert/convert_vec.h"

namespace frugal::kernels {
namespace {  // one copy per ISA file: see convert_vec.h

// bf16 encodings (in the low 16 bits of each lane) of the f32 encodings in bits.
template <class V>
typename V::u32 round_to_bf16(typename V::u32 bits) {
    const auto magnitude = V::and_(bits, V::set1(0x7FFFFFFFu));
    const auto is_nan = V::gt(magnitude, V::set1(0x7F800000u));
    const auto top = V::shr16(bits);
    const auto quiet_nan = V::or_(top, V::set1(0x0040u));
    // Ties to even: 0x7FFF rounds below-half down and above-half up; the kept lsb breaks ties.
    // No NaN reaches the add, so it cannot carry out of 32 bits.
    const auto lsb = V::and_(top, V::set1(1u));
    const auto rounded = V::shr16(V::add(bits, V::add(lsb, V::set1(0x7FFFu))));
    return V::select(is_nan, quiet_nan, rounded);
}

template <class V>
void f32_to_bf16(const float *src, uint16_t *dst, int64_t n) {
    int64_t i = 0;
    for (; i + V::kLanes <= n; i += V::kLanes)
        V::store_u16(dst + i, round_to_bf16<V>(V::load_f32(src + i)));
    if constexpr (V::kMaskedTail) {
        if (i < n) V::store_u16_partial(dst + i, round_to_bf16<V>(V::load_f32_partial(src + i, n - i)), n - i);
    } else {
        for (; i < n; ++i)
            ScalarU32::store_u16(dst + i, round_to_bf16<ScalarU32>(ScalarU32::load_f32(src + i)));
    }
}

template <class V>
void bf16_to_f32(const uint16_t *src, float *dst, int64_t n) {
    int64_t i = 0;
    for (; i + V::kLanes <= n; i += V::kLanes) V::store_f32(dst + i, V::shl16(V::load_u16(src + i)));
    if constexpr (V::kMaskedTail) {
        if (i < n) V::store_f32_partial(dst + i, V::shl16(V::load_u16_partial(src + i, n - i)), n - i);
    } else {
        for (; i < n; ++i) ScalarU32::store_f32(dst + i, ScalarU32::shl16(ScalarU32::load_u16(src + i)));
    }
}

}  // namespace
}  // namespace frugal::kernels
