// Exact int8 convolution (and matmul, as a 1x1 NHWC convolution over its rows) for CPUs without
// VNNI: s8 weights widened to s16 at create, u8/s8 src widened to s16 per block of output
// pixels, products summed by vpmaddwd (s16 x s16 pairs into s32, which cannot saturate for
// |x| <= 255, |w| <= 127) and accumulated in s32, so every accumulator equals the reference's
// (native/src/ref/ref_qconv2d.cpp). The epilogue is the reference's double arithmetic, lane by
// lane: y = act(scale[oc] * acc + bias[oc]); dst = (float)y, or
// saturate(round-half-even(y / dst_scale)) (NaN gives 0). Results are bit-identical to ref:direct.
//
// vpmaddubsw (u8 x s8 pairs into a saturating s16), which oneDNN uses below VNNI, is not used.
//
// One template body (int8_conv_kernel.h) instantiated per ISA (int8_conv_<isa>.cpp); the glue
// that packs the weights and owns the scratch is native/src/cpu/cpu_int8.cpp. The epilogue is
// int8_epilogue.h, shared with the depthwise kernel (int8_dw.h).
#pragma once

#include <cstdint>

#include "common/conv_geometry.h"

#include "frugal/frugal.h"

namespace frugal::kernels {

// Output channels per packed weight block and output pixels per register tile of each ISA.
// AVX2: 2 ymm of 8 s32 x 6 pixels = 12 accumulators; AVX-512: 2 zmm of 16 s32 x 12 pixels = 24.
constexpr int64_t kInt8BlockOcAvx2 = 16, kInt8TileRowsAvx2 = 6;
constexpr int64_t kInt8BlockOcAvx512 = 32, kInt8TileRowsAvx512 = 12;

enum Int8Dst : int32_t { kInt8DstF32 = 0, kInt8DstU8 = 1, kInt8DstS8 = 2 };

// What the epilogue (int8_epilogue.h) needs besides the per-channel scale and bias.
struct Int8Epilogue {
    int32_t dst;  // Int8Dst
    frugal_activation act;
    // Activations other than none, relu, clip, hard sigmoid and hard swish go through this, built
    // for the baseline ISA (it is the reference's apply_activation).
    double (*activation)(const frugal_activation *act, double x);
    double dst_scale;  // int8 dst only
};

// Everything execute needs; the glue fills it once at create. Sizes are in elements.
struct Int8ConvParams : ConvGeometry {
    bool nhwc;        // src and dst layout: NHWC, else NCHW
    bool src_signed;  // s8 src, else u8

    // Packed weights, s16: [groups][oc_blocks][k_pairs][block_oc][2], where reduction index
    // k = (kh * kernel_w + kw) * ic_per_group + ic (zero past k and past the group's channels).
    const int16_t *weights;
    int64_t block_oc;   // kInt8BlockOc<isa> of the instantiation that runs
    int64_t oc_blocks;  // per group: ceil(oc_per_group / block_oc)
    int64_t k;          // kernel_h * kernel_w * ic_per_group
    int64_t k_pairs;    // ceil(k / 2)

    // Epilogue, per output channel padded to groups * oc_blocks * block_oc: scale = src_scale * s_w
    // and bias (0 without one), both in double as the reference forms them.
    const double *scale;
    const double *bias;
    Int8Epilogue epi;

    // Scratch: per thread pixel_block rows of lda s16 (the widened im2col of a pixel block).
    int64_t pixel_block;  // a multiple of the instantiation's tile rows
    int64_t lda;          // >= 2 * k_pairs, a multiple of 32
};

// dst = conv(src), with threads OpenMP threads (at most), each using scratch + t * pixel_block * lda.
void int8_conv_avx2(const Int8ConvParams &p, int16_t *scratch, int threads, const void *src, void *dst);
void int8_conv_avx512(const Int8ConvParams &p, int16_t *scratch, int threads, const void *src, void *dst);

}  // namespace frugal::kernels
