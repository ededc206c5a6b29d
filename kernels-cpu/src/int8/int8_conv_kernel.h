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
//   3. applies the reference's epilogue to the tile, lane by lane in double, and stores it in
//      the layout (NHWC: channels contiguous; NCHW: strided by OH * OW).
// The epilogue uses AVX2 double arithmetic in every instantiation (AVX-512 includes it). The
// files are built with -ffp-contract=off, so scale * acc + bias is a multiply then an add, as in
// the reference (kernels-cpu/CMakeLists.txt).
#pragma once

#include <omp.h>

#include <cstdint>
#include <cstring>

#include "int8/int8_conv.h"
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

enum ActClass { kActNone, kActRelu, kActClip, kActOther };

// y = act(scale * acc + bias) for 4 lanes, in the reference's order and double arithmetic.
template <int kAct>
inline __m256d epilogue4(const Int8ConvParams &p, const int32_t *acc, const double *scale, const double *bias) {
    const __m256d x = _mm256_cvtepi32_pd(_mm_load_si128(reinterpret_cast<const __m128i *>(acc)));
    const __m256d y = _mm256_add_pd(_mm256_mul_pd(_mm256_loadu_pd(scale), x), _mm256_loadu_pd(bias));
    if constexpr (kAct == kActNone) {
        return y;
    } else if constexpr (kAct == kActRelu) {  // y >= 0 ? y : alpha * y (NaN: alpha * NaN)
        const __m256d neg = _mm256_mul_pd(_mm256_set1_pd((double)p.act.alpha), y);
        return _mm256_blendv_pd(neg, y, _mm256_cmp_pd(y, _mm256_setzero_pd(), _CMP_GE_OQ));
    } else if constexpr (kAct == kActClip) {
        // std::max(y, lo) is (y < lo) ? lo : y, which is max_pd(lo, y) (a > b ? a : b), NaN
        // and signed zeros included; std::min(that, hi) is min_pd(hi, that).
        const __m256d lo = _mm256_max_pd(_mm256_set1_pd((double)p.act.alpha), y);
        return _mm256_min_pd(_mm256_set1_pd((double)p.act.beta), lo);
    } else {
        alignas(32) double t[4];
        _mm256_store_pd(t, y);
        for (double &v : t) v = p.activation(&p.act, v);
        return _mm256_load_pd(t);
    }
}

// saturate(round-half-even(y / dst_scale)) as s32 (NaN gives 0), as ops/quantize.h requantize:
// nearbyint under the current (nearest) rounding mode, then std::min(hi, std::max(lo, q)).
inline __m128i requantize4(__m256d y, __m256d dst_scale, __m256d lo, __m256d hi) {
    __m256d q = _mm256_round_pd(_mm256_div_pd(y, dst_scale), _MM_FROUND_CUR_DIRECTION);
    q = _mm256_blendv_pd(q, _mm256_setzero_pd(), _mm256_cmp_pd(y, y, _CMP_UNORD_Q));
    q = _mm256_min_pd(_mm256_max_pd(q, lo), hi);
    return _mm256_cvttpd_epi32(q);  // integral and in [-128, 255]: exact
}

// Stores the tile's rows [0, rows) x channels [0, valid) of output pixels m0.. and channels oc0..
// (oc0 within group g).
template <int kDst, int kAct>
void epilogue(const Int8ConvParams &p, const int32_t *t, int64_t ldt, int64_t m0, int64_t rows, int64_t g,
              int64_t oc0, int64_t valid, void *dst) {
    const int64_t ohw = p.out_h * p.out_w, ocg = p.out_c / p.groups;
    const double *scale = p.scale + g * p.oc_blocks * p.block_oc + oc0;
    const double *bias = p.bias + g * p.oc_blocks * p.block_oc + oc0;
    const int64_t channel = g * ocg + oc0;
    const __m256d dst_scale = _mm256_set1_pd(p.dst_scale);
    const __m256d lo = _mm256_set1_pd(kDst == kInt8DstU8 ? 0.0 : -128.0);
    const __m256d hi = _mm256_set1_pd(kDst == kInt8DstU8 ? 255.0 : 127.0);
    // NHWC: element (m, channel); NCHW: (n, channel, pixel) with channels OH * OW apart.
    const int64_t step = p.nhwc ? 1 : ohw;
    for (int64_t r = 0; r < rows; ++r) {
        const int64_t m = m0 + r;
        const int64_t at = p.nhwc ? m * p.out_c + channel : ((m / ohw) * p.out_c + channel) * ohw + m % ohw;
        const int32_t *acc = t + r * ldt;
        for (int64_t c = 0; c < valid; c += 8) {
            const int64_t lanes = min64(8, valid - c);
            const __m256d y0 = epilogue4<kAct>(p, acc + c, scale + c, bias + c);
            const __m256d y1 = epilogue4<kAct>(p, acc + c + 4, scale + c + 4, bias + c + 4);
            if constexpr (kDst == kInt8DstF32) {
                float *d = static_cast<float *>(dst) + at + c * step;
                const __m256 f = _mm256_set_m128(_mm256_cvtpd_ps(y1), _mm256_cvtpd_ps(y0));  // (float)y
                if (lanes == 8 && step == 1) {
                    _mm256_storeu_ps(d, f);
                } else {
                    alignas(32) float v[8];
                    _mm256_store_ps(v, f);
                    for (int64_t l = 0; l < lanes; ++l) d[l * step] = v[l];
                }
            } else {
                const __m128i s16 = _mm_packs_epi32(requantize4(y0, dst_scale, lo, hi), requantize4(y1, dst_scale, lo, hi));
                // Values are already in the type's range: the saturating pack only narrows.
                const __m128i b = kDst == kInt8DstU8 ? _mm_packus_epi16(s16, s16) : _mm_packs_epi16(s16, s16);
                uint8_t *d = static_cast<uint8_t *>(dst) + at + c * step;
                if (lanes == 8 && step == 1) {
                    _mm_storel_epi64(reinterpret_cast<__m128i *>(d), b);
                } else {
                    alignas(16) uint8_t v[16];
                    _mm_store_si128(reinterpret_cast<__m128i *>(v), b);
                    for (int64_t l = 0; l < lanes; ++l) d[l * step] = v[l];
                }
            }
        }
    }
}

using EpilogueFn = void (*)(const Int8ConvParams &, const int32_t *, int64_t, int64_t, int64_t, int64_t, int64_t,
                            int64_t, void *);

template <int kDst>
EpilogueFn epilogue_for_act(int32_t kind) {
    switch (kind) {
        case FRUGAL_ACT_NONE: return epilogue<kDst, kActNone>;
        case FRUGAL_ACT_RELU: return epilogue<kDst, kActRelu>;
        case FRUGAL_ACT_CLIP: return epilogue<kDst, kActClip>;
        default: return epilogue<kDst, kActOther>;
    }
}

inline EpilogueFn epilogue_for(const Int8ConvParams &p) {
    if (p.dst == kInt8DstF32) return epilogue_for_act<kInt8DstF32>(p.act.kind);
    if (p.dst == kInt8DstU8) return epilogue_for_act<kInt8DstU8>(p.act.kind);
    return epilogue_for_act<kInt8DstS8>(p.act.kind);
}

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
    const EpilogueFn epi = epilogue_for(p);
#pragma omp parallel num_threads(team)
    {
        int16_t *a = scratch + (int64_t)omp_get_thread_num() * p.pixel_block * p.lda;
        alignas(64) int32_t t[kTileRows * kBlockOc];
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
                epi(p, t, kBlockOc, m0 + r0, nr, g, oc0, valid, dst);
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
