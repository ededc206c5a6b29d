// Binary-weight (BWN) 2-D convolution, NHWC f32, for AVX2 and AVX-512: a direct convolution (no
// im2col copy) whose weights stay 1 bit each. Per (block of output channels, tap, input channel)
// one mask holds the block's sign bits; the inner loop decodes it into two vectors of +-1.0f and
// FMAs them with each tile pixel's broadcast input channel (depthwise: with the block's own input
// channels, loaded as vectors). Sums are float; the epilogue is y = act(alpha * sum + bias).
// Agrees with native/src/ref/ref_bwconv2d.cpp (double sums) to float rounding.
//
// One template body (bwn_conv_kernel.h) instantiated per ISA (bwn_conv_<isa>.cpp); the glue that
// packs the masks is native/src/cpu/cpu_bwn.cpp.
#pragma once

#include <cstdint>

#include "common/conv_geometry.h"

#include "frugal/frugal.h"

namespace frugal::kernels {

// Output channels per block (two vectors of f32 lanes) and output pixels per register tile:
// AVX2 6 x 2 accumulators + 2 weight vectors + 1 input = 15 of 16 ymm;
// AVX-512 12 x 2 + 2 + 1 + the +-1 constants = 29 of 32 zmm.
constexpr int64_t kBwnBlockOcAvx2 = 16, kBwnBlockOcAvx512 = 32;
constexpr int kBwnTilePixelsAvx2 = 6, kBwnTilePixelsAvx512 = 12;

// The mask type of a block: bit l set = the block's lane l has weight -1 (one bit per lane).
using BwnMaskAvx2 = uint16_t;
using BwnMaskAvx512 = uint32_t;

struct BwnConvParams : ConvGeometry {
    int64_t icg, ocg;  // channels per group
    // Depthwise (icg == ocg == 1): a block is `block` consecutive channels (groups), each lane
    // reading its own input channel; blocks = ceil(out_c / block). Otherwise a block is `block`
    // output channels of one group, all reading the group's input channels; oc_blocks =
    // ceil(ocg / block) per group, blocks = groups * oc_blocks (group-major).
    bool depthwise;
    int64_t oc_blocks, blocks;
    // [blocks][taps][icg] masks (BwnMaskAvx2 / BwnMaskAvx512), then 4 bytes of padding: the AVX2
    // kernel broadcasts a 16-bit mask with a 32-bit load. Lanes past the block's channels hold
    // bit 0 (+1) and their sums are never stored.
    const void *masks;
    // Per block lane [blocks * block]: the multiplier and the bias (0 past the channels).
    const float *alpha;
    const float *bias;
    frugal_activation act;
    // Activations other than none and relu go through this (the reference's apply_activation,
    // built for the baseline ISA).
    double (*activation)(const frugal_activation *act, double x);
};

// src F32 [N, H, W, IC], dst F32 [N, OH, OW, OC]. Allocates nothing.
void bwn_conv_avx2(const BwnConvParams &p, const float *src, float *dst);
void bwn_conv_avx512(const BwnConvParams &p, const float *src, float *dst);

}  // namespace frugal::kernels
