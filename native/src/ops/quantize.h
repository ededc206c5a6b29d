// Post-training weight quantization shared by the int8 operators (frugal.h, frugal_qconv2d_desc):
// per channel, symmetric s8. Channel c's `count` elements are w[c * channel_stride + i * element_stride].
//   s_w[c] = max|W[c]| / 127 (in double, stored as float); an all-zero channel gets 1
//   q_w = round-half-even(W / s_w) (in double), clamped to [-127, 127]
// q is written at the same positions as w.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#include "frugal/frugal.h"

namespace frugal {

inline void quantize_per_channel(const float *w, int64_t channels, int64_t count, int64_t channel_stride,
                                 int64_t element_stride, int8_t *q, float *scales) {
    for (int64_t c = 0; c < channels; ++c) {
        double max_abs = 0;
        for (int64_t i = 0; i < count; ++i)
            max_abs = std::max(max_abs, std::fabs((double)w[c * channel_stride + i * element_stride]));
        const float s = max_abs == 0 ? 1.f : (float)(max_abs / 127.0);
        scales[c] = s;
        for (int64_t i = 0; i < count; ++i) {
            const int64_t at = c * channel_stride + i * element_stride;
            const double v = std::nearbyint((double)w[at] / (double)s);  // default rounding: half to even
            q[at] = (int8_t)std::min(127.0, std::max(-127.0, v));
        }
    }
}

inline const char *dtype_name(frugal_dtype t) {
    switch (t) {
        case FRUGAL_F32: return "f32";
        case FRUGAL_BF16: return "bf16";
        case FRUGAL_S8: return "s8";
        case FRUGAL_U8: return "u8";
        case FRUGAL_S32: return "s32";
        case FRUGAL_BIT: return "bit";
        default: return "unknown";
    }
}

inline bool positive_finite(float v) { return std::isfinite(v) && v > 0.f; }

// Empty when the int8 types and scales are valid (src u8/s8, dst f32/u8/s8, scales finite and
// positive, dst_scale only for an int8 dst), else what is wrong.
inline std::string check_quant_types(frugal_dtype src, float src_scale, frugal_dtype dst, float dst_scale) {
    char buf[160];
    if (src != FRUGAL_U8 && src != FRUGAL_S8) {
        std::snprintf(buf, sizeof buf, "src_dtype must be u8 or s8, got %s (%d)", dtype_name(src), src);
        return buf;
    }
    if (dst != FRUGAL_F32 && dst != FRUGAL_U8 && dst != FRUGAL_S8) {
        std::snprintf(buf, sizeof buf, "dst_dtype must be f32, u8 or s8, got %s (%d)", dtype_name(dst), dst);
        return buf;
    }
    if (!positive_finite(src_scale)) {
        std::snprintf(buf, sizeof buf, "src_scale must be finite and positive, got %g", (double)src_scale);
        return buf;
    }
    if (dst != FRUGAL_F32 && !positive_finite(dst_scale)) {
        std::snprintf(buf, sizeof buf, "dst_scale must be finite and positive for a %s dst, got %g", dtype_name(dst),
                      (double)dst_scale);
        return buf;
    }
    return {};
}

// Requantization of one result: saturate(round-half-even(y / dst_scale)); NaN gives 0.
inline double requantize(double y, float dst_scale, frugal_dtype dst) {
    const double lo = dst == FRUGAL_U8 ? 0.0 : -128.0, hi = dst == FRUGAL_U8 ? 255.0 : 127.0;
    const double q = std::isnan(y) ? 0.0 : std::nearbyint(y / (double)dst_scale);
    return std::min(hi, std::max(lo, q));
}

}  // namespace frugal
