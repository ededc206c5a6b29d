// Exact int8 depthwise convolution (groups == in_channels == out_channels, NHWC) for CPUs
// without VNNI, bit-identical to ref:direct as the int8_s16 kernels are (int8_conv.h). Each input
// row a thread needs is converted once into its scratch ring: per column i and channel c, the s16
// pair (x[i][c], x[i + dilation_w][c]) (0 past the row). A tap pair (kw, kw + 1) of an output
// pixel is then one vpmaddwd of that column's pairs with the packed weights (w[kh][kw],
// w[kh][kw + 1]), and a tap left over one vpmaddwd with (w[kh][kw], 0), into s32: every
// accumulator equals the reference's s32 sum (|x * w| <= 255 * 127, pair sums < 2^16). Taps in
// the padding are never visited: each output row and column has its valid kernel range
// precomputed. Then the epilogue the int8_s16 kernels use (int8_epilogue.h).
//
// One template body (int8_dw_kernel.h) instantiated per ISA (int8_dw_<isa>.cpp); the glue that
// packs the weights and owns the scratch is native/src/cpu/cpu_int8_dw.cpp.
#pragma once

#include <cstdint>

#include "int8/int8_conv.h"

namespace frugal::kernels {

// Channels per vector: 8 s32 lanes (AVX2) or 16 (AVX-512).
constexpr int64_t kInt8DwLanesAvx2 = 8, kInt8DwLanesAvx512 = 16;

// Everything execute needs; the glue fills it once at create. Sizes are in elements.
struct Int8DwParams {
    // Geometry as frugal_conv2d_desc; src [batch, in_h, in_w, channels], dst [batch, out_h, out_w, channels].
    int64_t batch, channels, in_h, in_w, out_h, out_w;
    int64_t kernel_h, kernel_w, stride_h, stride_w, pad_top, pad_left, dilation_h, dilation_w;
    bool src_signed;  // s8 src, else u8

    // Valid kernel rows of output row oh: [kh_range[2 oh], kh_range[2 oh + 1]) (those whose input
    // row is inside the image; possibly empty); kw_range likewise per output column.
    const int64_t *kh_range;
    const int64_t *kw_range;
    // The output columns [whole_w[0], whole_w[1]) whose every kernel column is inside the image.
    int64_t whole_w[2];

    // Packed weights, s16: [vectors][kernel_h][kernel_w][2][lanes][2], vectors = ceil(channels /
    // lanes); per tap, first the pairs (w[kh][kw], w[kh][kw + 1]) (0 past the last column), then
    // (w[kh][kw], 0). Channels past `channels` are zero.
    const int16_t *weights;
    int64_t lanes;  // kInt8DwLanes<isa> of the instantiation that runs

    // Tasks are (image, band of output rows, run of chunk_vectors vectors of channels; the last
    // run may be shorter); chunk_vectors * lanes <= kInt8DwMaxChunk.
    int64_t chunk_vectors;
    // Scratch per thread: ring_rows converted input rows of in_w columns x chunk_vectors x lanes
    // s16 pairs (ring_elems s16, 64-byte aligned), and kernel_h int64 row offsets. (No member
    // functions here: see kernels-cpu/README.md on code shared by files of different ISAs.)
    int64_t ring_rows;   // min((kernel_h - 1) * dilation_h + 1, in_h)
    int64_t ring_elems;  // ring_rows * in_w * chunk_vectors * lanes * 2, rounded up to 32

    // Epilogue, per channel padded to vectors * lanes: scale = src_scale * s_w and bias (0 without
    // one), both in double as the reference forms them.
    const double *scale;
    const double *bias;
    Int8Epilogue epi;
};

// Channels a task keeps accumulators of per output pixel (on its stack).
constexpr int64_t kInt8DwMaxChunk = 64;

// dst = depthwise conv(src), with threads OpenMP threads (at most), thread t using the ring at
// ring + t * p.ring_elems and the row offsets at rows + t * p.kernel_h. Allocates nothing.
void int8_dw_avx2(const Int8DwParams &p, int16_t *ring, int64_t *rows, int threads, const void *src, void *dst);
void int8_dw_avx512(const Int8DwParams &p, int16_t *ring, int64_t *rows, int threads, const void *src, void *dst);

}  // namespace frugal::kernels
