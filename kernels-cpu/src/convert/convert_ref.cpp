// Reference f32 <-> bf16 conversion: plain loops, no SIMD, the truth the ISA variants match.
//
// Rounding rule (IEEE 754 roundTiesToEven applied to the top 16 bits of the f32 encoding, as
// in TensorFlow's and PyTorch's round_to_nearest_even):
//   - NaN: keep sign and top payload bits, set the quiet bit (0x0040) so a signalling NaN
//     whose payload lives only in the low 16 bits cannot turn into infinity.
//   - otherwise: add 0x7FFF plus the lowest kept bit, then drop the low 16 bits. Ties go to
//     the even bf16; overflow carries into the exponent, giving infinity past the largest
//     bf16, as IEEE requires. Denormals round like any other value (no flush to zero).
// bf16 -> f32 is exact: the 16 bits become the top half of the f32.
#include <cstring>

#include "convert/convert.h"

namespace frugal::kernels {

void convert_f32_to_bf16_ref(const float *src, uint16_t *dst, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
        uint32_t bits;
        std::memcpy(&bits, &src[i], sizeof bits);
        if ((bits & 0x7FFFFFFFu) > 0x7F800000u) {
            dst[i] = static_cast<uint16_t>((bits >> 16) | 0x0040u);
        } else {
            uint32_t lsb = (bits >> 16) & 1u;
            dst[i] = static_cast<uint16_t>((bits + 0x7FFFu + lsb) >> 16);
        }
    }
}

void convert_bf16_to_f32_ref(const uint16_t *src, float *dst, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
        uint32_t bits = static_cast<uint32_t>(src[i]) << 16;
        std::memcpy(&dst[i], &bits, sizeof bits);
    }
}

}  // namespace frugal::kernels
