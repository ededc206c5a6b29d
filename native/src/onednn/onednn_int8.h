// What the oneDNN int8 kernels (onednn_qconv2d.cpp, onednn_qmatmul.cpp) share: data types,
// the scale attributes and their constant values (oneDNN 3.x: masks in the attributes, values
// bound once as DNNL_ARG_ATTR_SCALES | arg), and the exactness rule that makes them decline.
#pragma once

#include <string>

#include "frugal/frugal.h"
#include "onednn/onednn_weighted.h"

namespace frugal::onednn {

// u8, s8, or f32 for anything else (the int8 operators' dst may be f32).
dnnl::memory::data_type data_type_of(frugal_dtype t);

// Per-tensor src scale, weight scales by weights_mask (per output channel or column), and a
// per-tensor dst scale when the dst is int8.
void set_int8_scale_masks(dnnl::primitive_attr &attr, int weights_mask, bool int8_dst);

// The scale values set_int8_scale_masks announced, as constant arguments of the primitive.
WeightedPrimitiveKernel::ConstantArgs int8_scales(float src_scale, const float *weight_scales, int64_t count,
                                                  bool int8_dst, float dst_scale);

// Empty when oneDNN's int8 arithmetic on this CPU is the one frugal.h states, else why not.
// Without VNNI (AVX2, AVX-512 without VNNI) oneDNN multiplies with vpmaddubsw, which adds each
// pair of u8 x s8 products into a saturating s16 (255 * 127 * 2 > 32767), and for an s8 src
// halves the weights at the reorder, rounding odd q_w. Measured on AVX2 (Zen 3): u8 src off by
// up to 53 units of an int8 dst, s8 src by up to 5, f32 results by 3e-3 to 0.16 relative L2 for
// convolutions and 9-20% for matmul. vpdpbusd (VNNI) accumulates in s32 with no adjustment.
std::string int8_inexact_reason(const dnnl::primitive_desc_base &pd);

}  // namespace frugal::onednn
