// The int8 convolution of int8_conv.h, written once against a vector trait (int8_vec.h) and
// instantiated by each int8_conv_<isa>.cpp. Tasks (a group, a block of output pixels and a run
// of output-channel blocks; runs split only when pixel blocks are too few for the threads) are
// shared out dynamically by OpenMP. Per task, one thread:
//   1. gathers the pixel block's reduction rows (im2col, zeros for taps in the padding), widened
//      to s16, into its scratch: row i holds k = (kh * KW + kw) * ICg + ic, padded with a zero to
//      an even length;
//   2. for every tile of kTileRows pixels and every output-channel block (channel blocks outer
//      when their weights outgrow L2), runs the register tile: per k pair, one broadcast of each
//      pixel's s16 pair against two weight vectors of kLanes channels' pairs (vpmaddwd), added
//      into s32 accumulators;
//   3. applies the reference's epilogue (int8_epilogue.h) to the tile, lane by lane in double,
//      and stores it in the layout (NHWC: channels contiguous; NCHW: strided by OH * OW).
#pragma once

#include <omp.h>

#include <cstdint>
#include <cstring>

#include "int8/int8_conv.h"
#include "int8/int8_epilogue.h"
#include "int8/int8_vec.h"

namespace frugal::kernels {
namespace {  // one copy per ISA file: see int8_vec.h

inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
inline int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Packed weight bytes a thread may stream from its L2 once per tile of pixels.
constexpr int64_t kL2WeightBytes = 256 * 1024;

// ---------------------------------------------------------------- 1. gather

// 16 values at p, widened to s16.
inline __m256i widen16(const uint8_t *p) {
    return _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p)));
}
inline __m256i widen16(const int8_t *p) {
    return _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p)));
}

// n values from src to s16 at dst.
template <typename Src>
void widen(const Src *src, int16_t *dst, int64_t n) {
    int64_t c = 0;
    for (; c + 16 <= n; c += 16) _mm256_storeu_si256(reinterpret_cast<__m256i *>(dst + c), widen16(src + c));
    for (; c < n; ++c) dst[c] = static_cast<int16_t>(src[c]);
}

// Rows [m0, m0 + rows) of the reduction matrix of group g (m = n * OH * OW + oh * OW + ow).
template <typename Src>
void gather(const Int8ConvParams &p, int64_t g, int64_t m0, int64_t rows, const Src *src, int16_t *a) {
    const int64_t ohw = p.out_h * p.out_w, icg = p.in_c / p.groups;
    for (int64_t i = 0; i < rows; ++i) {
        const int64_t m = m0 + i, n = m / ohw, pix = m % ohw, oh = pix / p.out_w, ow = pix % p.out_w;
        int16_t *row = a + i * p.lda;
        for (int64_t kh = 0; kh < p.kernel_h; ++kh) {
            const int64_t ih = oh * p.stride_h - p.pad_top + kh * p.dilation_h;
            for (int64_t kw = 0; kw < p.kernel_w; ++kw) {
                const int64_t iw = ow * p.stride_w - p.pad_left + kw * p.dilation_w;
                int16_t *seg = row + (kh * p.kernel_w + kw) * icg;
                if (ih < 0 || ih >= p.in_h || iw < 0 || iw >= p.in_w) {
                    std::memset(seg, 0, (size_t)icg * sizeof(int16_t));
                } else if (p.nhwc) {
                    widen(src + ((n * p.in_h + ih) * p.in_w + iw) * p.in_c + g * icg, seg, icg);
                } else {
                    const Src *s = src + ((n * p.in_c + g * icg) * p.in_h + ih) * p.in_w + iw;
                    const int64_t plane = p.in_h * p.in_w;
                    for (int64_t ic = 0; ic < icg; ++ic) seg[ic] = static_cast<int16_t>(s[ic * plane]);
                }
            }
        }
        if (p.k & 1) row[p.k] = 0;  // the odd k's partner in the last pair
    }
}

// ---------------------------------------------------------------- 2. register tile

// tile[r][nb * kLanes + j] = sum over the k pairs of row r of a and channel nb * kLanes + j of the
// block w ([k_pairs][2 * kLanes channels][2]). kNb = 1 computes the first kLanes channels only.
template <class V, int64_t kRows, int64_t kNb>
void tile(const int16_t *a, int64_t lda, const int16_t *w, int64_t k_pairs, int32_t *out) {
    constexpr int64_t kStride = 4 * V::kLanes;  // s16 per k pair of a block
    typename V::vec acc[kRows][kNb];
#pragma GCC unroll 16
    for (int64_t r = 0; r < kRows; ++r)
#pragma GCC unroll 2
        for (int64_t b = 0; b < kNb; ++b) acc[r][b] = V::zero();
    for (int64_t q = 0; q < k_pairs; ++q) {
        const int16_t *wq = w + q * kStride;
        typename V::vec wv[kNb];
#pragma GCC unroll 2
        for (int64_t b = 0; b < kNb; ++b) wv[b] = V::load(wq + b * 2 * V::kLanes);
#pragma GCC unroll 16
        for (int64_t r = 0; r < kRows; ++r) {
            const typename V::vec x = V::broadcast_pair(a + r * lda + 2 * q);
#pragma GCC unroll 2
            for (int64_t b = 0; b < kNb; ++b) acc[r][b] = V::add(acc[r][b], V::madd(x, wv[b]));
        }
    }
#pragma GCC unroll 16
    for (int64_t r = 0; r < kRows; ++r)
#pragma GCC unroll 2
        for (int64_t b = 0; b < kNb; ++b) V::store(out + (r * 2 + b) * V::kLanes, acc[r][b]);
}

// tile<V, rows, nb> for run-time rows in [kRows, kMax] and nb in {1, 2}.
template <class V, int64_t kRows, int64_t kMax>
void run_tile(int64_t rows, int64_t nb, const int16_t *a, int64_t lda, const int16_t *w, int64_t k_pairs,
              int32_t *out) {
    if constexpr (kRows <= kMax) {
        if (rows != kRows) return run_tile<V, kRows + 1, kMax>(rows, nb, a, lda, w, k_pairs, out);
        if (nb == 2) tile<V, kRows, 2>(a, lda, w, k_pairs, out);
        else tile<V, kRows, 1>(a, lda, w, k_pairs, out);
    }
}

// ---------------------------------------------------------------- 3. epilogue

// Stores the tile's rows [0, rows) x channels [0, valid) of output pixels m0.. and channels oc0..
// (oc0 within group g), each row through int8_epilogue.h.
template <int kDst, int kAct>
struct TileEpilogue {
    static void run(const Int8ConvParams &p, const EpilogueConsts &k, const int32_t *t, int64_t ldt, int64_t m0,
                    int64_t rows, int64_t g, int64_t oc0, int64_t valid, void *dst) {
        const int64_t ohw = p.out_h * p.out_w, ocg = p.out_c / p.groups;
        const double *scale = p.scale + g * p.oc_blocks * p.block_oc + oc0;
        const double *bias = p.bias + g * p.oc_blocks * p.block_oc + oc0;
        const int64_t channel = g * ocg + oc0;
        // NHWC: element (m, channel); NCHW: (n, channel, pixel) with channels OH * OW apart.
        const int64_t step = p.nhwc ? 1 : ohw;
        for (int64_t r = 0; r < rows; ++r) {
            const int64_t m = m0 + r;
            const int64_t at = p.nhwc ? m * p.out_c + channel : ((m / ohw) * p.out_c + channel) * ohw + m % ohw;
            epilogue_pixel<kDst, kAct>(k, t + r * ldt, scale, bias, valid, dst, at, step);
        }
    }
};

// ---------------------------------------------------------------- driver

template <class V, int64_t kTileRows, typename Src>
void conv_typed(const Int8ConvParams &p, int16_t *scratch, int threads, const Src *src, void *dst) {
    constexpr int64_t kBlockOc = 2 * V::kLanes;
    const int64_t M = p.batch * p.out_h * p.out_w, ocg = p.out_c / p.groups;
    if (M == 0 || ocg == 0) return;
    // Pixel blocks; then, when they are too few to keep the threads busy, split the channel blocks.
    const int64_t mb = min64(p.pixel_block, ceil_div(M, kTileRows) * kTileRows);
    const int64_t pixel_blocks = ceil_div(M, mb), base_tasks = p.groups * pixel_blocks;
    int64_t per_chunk = p.oc_blocks;
    if (base_tasks < 4 * (int64_t)threads)
        per_chunk = ceil_div(p.oc_blocks, min64(p.oc_blocks, ceil_div(4 * (int64_t)threads, base_tasks)));
    const int64_t chunks = ceil_div(p.oc_blocks, per_chunk), tasks = base_tasks * chunks;
    const int team = (int)min64(threads, tasks);
    const auto epi = select_epilogue<TileEpilogue>(p.epi);
#pragma omp parallel num_threads(team)
    {
        int16_t *a = scratch + (int64_t)omp_get_thread_num() * p.pixel_block * p.lda;
        alignas(64) int32_t t[kTileRows * kBlockOc];
        const EpilogueConsts k = epilogue_consts(p.epi);
#pragma omp for schedule(dynamic, 1)
        for (int64_t task = 0; task < tasks; ++task) {
            const int64_t chunk = task % chunks, pb = (task / chunks) % pixel_blocks, g = task / chunks / pixel_blocks;
            const int64_t m0 = pb * mb, rows = min64(mb, M - m0);
            gather(p, g, m0, rows, src, a);
            const int64_t b0 = chunk * per_chunk, b_end = min64(p.oc_blocks, b0 + per_chunk);
            auto one = [&](int64_t b, int64_t r0) {
                const int16_t *w = p.weights + (g * p.oc_blocks + b) * p.k_pairs * kBlockOc * 2;
                const int64_t oc0 = b * kBlockOc, valid = min64(kBlockOc, ocg - oc0);
                const int64_t nr = min64(kTileRows, rows - r0);
                run_tile<V, 1, kTileRows>(nr, valid > V::kLanes ? 2 : 1, a + r0 * p.lda, p.lda, w, p.k_pairs, t);
                epi(p, k, t, kBlockOc, m0 + r0, nr, g, oc0, valid, dst);
            };
            // Pixels outer when the chunk's weights stay in L2: each tile's pixels are then
            // written across all the chunk's channels at once. Else channels outer, so that a
            // block's weights are read from memory once per pixel block.
            if ((b_end - b0) * p.k_pairs * kBlockOc * 4 <= kL2WeightBytes) {
                for (int64_t r0 = 0; r0 < rows; r0 += kTileRows)
                    for (int64_t b = b0; b < b_end; ++b) one(b, r0);
            } else {
                for (int64_t b = b0; b < b_end; ++b)
                    for (int64_t r0 = 0; r0 < rows; r0 += kTileRows) one(b, r0);
            }
        }
    }
}

template <class V, int64_t kTileRows>
void conv(const Int8ConvParams &p, int16_t *scratch, int threads, const void *src, void *dst) {
    if (p.src_signed) conv_typed<V, kTileRows>(p, scratch, threads, static_cast<const int8_t *>(src), dst);
    else conv_typed<V, kTileRows>(p, scratch, threads, static_cast<const uint8_t *>(src), dst);
}

}  // namespace
}  // namespace frugal::kernels
