// The quantize / dequantize loops, written once against a vector trait (quantize_vec.h) and
// instantiated by each quantize_<isa>.cpp; the scalar trait makes the reference and the tails.
// Every step is one correctly rounded IEEE operation or exact, so all traits agree bit for bit:
//   quantize:   y = x / scale (float division); NaN -> 0; clamp to [lo, hi] (integers, so
//               clamping before rounding equals clamping after, and +-Inf land on lo / hi);
//               round half to even (the current rounding mode, to nearest by default); narrow.
//   dequantize: widen q to int32, convert to float (exact), multiply by scale (one rounding).
#pragma once

#include <cstdint>

#include "quantize/quantize.h"
#include "quantize/quantize_vec.h"

namespace frugal::kernels {
namespace {  // one copy per ISA file: see quantize_vec.h

template <typename Q>
struct QRange;
template <>
struct QRange<uint8_t> {
    static constexpr float lo = 0.f, hi = 255.f;
};
template <>
struct QRange<int8_t> {
    static constexpr float lo = -128.f, hi = 127.f;
};

template <class V>
typename V::i32 quantize_lanes(typename V::f32 x, typename V::f32 scale, typename V::f32 lo, typename V::f32 hi) {
    const auto y = V::zero_nan(V::div(x, scale));
    return V::round_to_i32(V::min(V::max(y, lo), hi));
}

template <class V, typename Q>
void quantize(const float *src, Q *dst, int64_t n, float scale) {
    const auto s = V::set1(scale), lo = V::set1(QRange<Q>::lo), hi = V::set1(QRange<Q>::hi);
    int64_t i = 0;
    for (; i + V::kLanes <= n; i += V::kLanes) V::store_q(dst + i, quantize_lanes<V>(V::load_f32(src + i), s, lo, hi));
    if constexpr (V::kMaskedTail) {
        if (i < n) V::store_q_partial(dst + i, quantize_lanes<V>(V::load_f32_partial(src + i, n - i), s, lo, hi), n - i);
    } else {
        using S = ScalarF32;
        for (; i < n; ++i)
            S::store_q(dst + i, quantize_lanes<S>(S::load_f32(src + i), scale, QRange<Q>::lo, QRange<Q>::hi));
    }
}

template <class V, typename Q>
void dequantize(const Q *src, float *dst, int64_t n, float scale) {
    const auto s = V::set1(scale);
    int64_t i = 0;
    for (; i + V::kLanes <= n; i += V::kLanes) V::store_f32(dst + i, V::mul(V::to_f32(V::load_q(src + i)), s));
    if constexpr (V::kMaskedTail) {
        if (i < n) V::store_f32_partial(dst + i, V::mul(V::to_f32(V::load_q_partial(src + i, n - i)), s), n - i);
    } else {
        using S = ScalarF32;
        for (; i < n; ++i) S::store_f32(dst + i, S::mul(S::to_f32(S::load_q(src + i)), scale));
    }
}

// The table an ISA file exports: `const QuantizeFns quantize_avx2 = quantize_fns<Avx2F32>();`
template <class V>
constexpr QuantizeFns quantize_fns() {
    return {quantize<V, uint8_t>, quantize<V, int8_t>, dequantize<V, uint8_t>, dequantize<V, int8_t>};
}

}  // namespace
}  // namespace frugal::kernels
