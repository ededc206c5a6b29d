// Scalar sign-packing helpers for the binary (XNOR) operators, dependency-free (only <cstdint>):
// the same rule as frugal_bitpack (frugal.h, kernels-cpu/src/bitpack): bit = (x < 0.0f), an IEEE
// ordered compare, so bit 1 means -1 and sign(x) = +1 for x >= 0: +-0.0f and every NaN give 0,
// -Inf and negative denormals give 1. Words are little-endian uint64: value j of a packed run is
// bit j % 64 of word j / 64; bits past the run's length are 0.
#pragma once

#include <cstdint>

namespace frugal {

// Words holding n packed values: ceil(n / 64).
inline int64_t bitpack_words(int64_t n) { return n / 64 + (n % 64 != 0); }

// The packed bit of one value: 1 (meaning -1) for x < 0, else 0.
inline uint64_t bitpack_bit(float x) { return x < 0.f ? 1u : 0u; }

// Packs n values read at x[i * stride] into bitpack_words(n) words at out (tail bits 0).
inline void bitpack_strided(const float *x, int64_t n, int64_t stride, uint64_t *out) {
    const int64_t words = bitpack_words(n);
    for (int64_t k = 0; k < words; ++k) out[k] = 0;
    for (int64_t i = 0; i < n; ++i) out[i / 64] |= bitpack_bit(x[i * stride]) << (i % 64);
}

// Binary-convolution weights: fp32 [OC, IC, KH, KW] (dense, OIHW, the frugal_conv2d weight layout;
// IC is the per-group input channel count) into [OC][KH][KW][bitpack_words(IC)] words, packed
// along IC with tail bits 0, so that a tap's weights line up with an NHWC pixel's packed channels.
// out holds OC * KH * KW * bitpack_words(IC) words.
inline void bitpack_weights_oihw(const float *w, int64_t oc, int64_t ic, int64_t kh, int64_t kw, uint64_t *out) {
    const int64_t words = bitpack_words(ic), taps = kh * kw;
    for (int64_t o = 0; o < oc; ++o)
        for (int64_t t = 0; t < taps; ++t)
            bitpack_strided(w + o * ic * taps + t, ic, taps, out + (o * taps + t) * words);
}

}  // namespace frugal
