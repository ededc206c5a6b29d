// f32 <-> bf16 element-wise conversion kernels, one pair per ISA. All variants are bit-exact
// with the reference (convert_ref.cpp): round to nearest even, NaN kept and made quiet,
// denormals kept. The dispatcher (native/src/dispatch/convert_list.cpp) picks among them.
#pragma once

#include <cstdint>

namespace frugal::kernels {

void convert_f32_to_bf16_ref(const float *src, uint16_t *dst, int64_t n);
void convert_bf16_to_f32_ref(const uint16_t *src, float *dst, int64_t n);

void convert_f32_to_bf16_avx2(const float *src, uint16_t *dst, int64_t n);
void convert_bf16_to_f32_avx2(const uint16_t *src, float *dst, int64_t n);

void convert_f32_to_bf16_avx512(const float *src, uint16_t *dst, int64_t n);
void convert_bf16_to_f32_avx512(const uint16_t *src, float *dst, int64_t n);

}  // namespace frugal::kernels
