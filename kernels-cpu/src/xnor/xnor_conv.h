// Binary (XNOR) 2-D convolution, NHWC, for AVX2 and AVX-512 VPOPCNTDQ: the packed input words of
// a pixel are broadcast and XORed with the weight words of a block of output channels (one u64
// lane per channel, two vectors per block), popcounts are accumulated per lane, and the epilogue
// forms dot = valid_taps * K - 2 * (popcount - ignored tail bits) + padded-tap terms, then the
// reference's double arithmetic in vectors: y = (float) act(multiplier * dot (* k_scale) + bias).
// Results are bit-identical to native/src/ref/ref_bconv2d.cpp. A BIT dst gets
// bit = (multiplier * dot (* k_scale) + bias < threshold) instead.
//
// One template body (xnor_conv_kernel.h) instantiated per ISA (xnor_conv_<isa>.cpp); the glue
// that packs the weights is native/src/cpu/cpu_xnor.cpp.
#pragma once

#include <cstdint>

#include "common/conv_geometry.h"

#include "frugal/frugal.h"

namespace frugal::kernels {

// Output channels per packed weight block: two vectors of u64 lanes.
constexpr int64_t kXnorBlockOcAvx2 = 8, kXnorBlockOcAvx512 = 16;

struct XnorConvParams : ConvGeometry {
    // Words per input pixel: ceil(in_c / 64), or groups * group_words when the glue repacked a
    // grouped input whose groups do not fill whole words (each group then starts on a word).
    int64_t words;
    int64_t group_words;  // per group: ceil(ic_per_group / 64)
    int64_t icg, ocg;     // channels per group
    uint64_t ignored;     // bits of a pixel's last word past in_c (groups == 1), 0 when none

    // [groups][oc_blocks][taps][group_words][block_oc], bit 1 = -1, zero past the channels.
    const uint64_t *weights;
    int64_t block_oc, oc_blocks;
    // Per padded output channel ([groups * oc_blocks * block_oc]): multiplier and bias in double,
    // and what each tap adds when outside the input ([groups * oc_blocks][taps][block_oc], so a
    // block's lanes load as vectors; null for zero padding).
    const double *mult;
    const double *bias;
    const int64_t *pad_dot;
    // XNOR-Net activation scaling: K per output pixel [N * OH * OW], or null (no scaling).
    const double *k_scale;
    // BIT dst: bit = mult * dot + bias < threshold (per padded channel), out_words per pixel.
    bool dst_bit;
    int64_t out_words;
    const double *threshold;
    frugal_activation act;
    // Activations other than none and relu go through this (the reference's apply_activation,
    // built for the baseline ISA).
    double (*activation)(const frugal_activation *act, double x);
};

// dst: F32 [N, OH, OW, OC], or packed bits [N, OH, OW, out_words] when p.dst_bit.
void xnor_conv_avx2(const XnorConvParams &p, const uint64_t *src, void *dst);
void xnor_conv_avx512(const XnorConvParams &p, const uint64_t *src, void *dst);

}  // namespace frugal::kernels
