// f32 <-> u8/s8 element-wise quantize and dequantize kernels, one table per ISA, all generated
// from quantize_kernel.h and bit-exact with each other:
//   quantize:   q = saturate(round-half-even(x / scale)), x / scale an IEEE float division;
//               NaN gives 0, +-Inf saturate (to [0, 255] or [-128, 127])
//   dequantize: x = (float)q * scale
// The dispatcher (native/src/dispatch/quantize_list.cpp) picks among the tables.
#pragma once

#include <cstdint>

namespace frugal::kernels {

struct QuantizeFns {
    void (*f32_to_u8)(const float *src, uint8_t *dst, int64_t n, float scale);
    void (*f32_to_s8)(const float *src, int8_t *dst, int64_t n, float scale);
    void (*u8_to_f32)(const uint8_t *src, float *dst, int64_t n, float scale);
    void (*s8_to_f32)(const int8_t *src, float *dst, int64_t n, float scale);
};

extern const QuantizeFns quantize_ref;     // quantize_ref.cpp, x86-64 baseline
extern const QuantizeFns quantize_avx2;    // quantize_avx2.cpp, avx2 flags
extern const QuantizeFns quantize_avx512;  // quantize_avx512.cpp, avx512 flags

}  // namespace frugal::kernels
