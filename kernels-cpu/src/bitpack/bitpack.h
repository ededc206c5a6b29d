// f32 <-> BIT sign packing kernels, one table per ISA, all generated from bitpack_kernel.h and
// bit-exact with each other. A matrix of `rows` rows of `cols` values packs into rows of
// words = ceil(cols / 64) little-endian uint64 words; value j of a row is bit j % 64 of word j / 64.
//   pack:   bit = (x < 0.0f), an IEEE ordered compare: -0.0f, +0.0f and NaN (of either sign) give
//           0, i.e. +1 (sign(x) = +1 for x >= 0, DESIGN.md 3.1); -Inf and negative denormals give
//           1. Bits of a row's last word past cols are written 0.
//   unpack: bit 1 -> -1.0f, bit 0 -> +1.0f; bits past cols are ignored.
//   pack_mean_abs: pack, and in the same pass each row's mean |x| (XNOR-Net's A) as a float sum in
//           a fixed order, so every ISA gives the same float: 8 partial sums, sum j adding |x_i|
//           for i = j mod 8 in increasing i, then ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)),
//           divided by (float) cols. NaN inputs give a NaN mean.
// The dispatcher (native/src/dispatch/bitpack_list.cpp) picks among the tables.
#pragma once

#include <cstdint>

namespace frugal::kernels {

struct BitPackFns {
    void (*pack)(const float *src, uint64_t *dst, int64_t rows, int64_t cols);
    void (*unpack)(const uint64_t *src, float *dst, int64_t rows, int64_t cols);
    void (*pack_mean_abs)(const float *src, uint64_t *dst, float *mean_abs, int64_t rows, int64_t cols);
};

extern const BitPackFns bitpack_ref;     // bitpack_ref.cpp, x86-64 baseline
extern const BitPackFns bitpack_avx2;    // bitpack_avx2.cpp, avx2 flags
extern const BitPackFns bitpack_avx512;  // bitpack_avx512.cpp, avx512 flags

}  // namespace frugal::kernels
