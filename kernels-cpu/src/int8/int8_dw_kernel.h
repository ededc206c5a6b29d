// The int8 depthwise convolution of int8_dw.h, written once against a vector trait (int8_vec.h)
// and instantiated by each int8_dw_<isa>.cpp. Tasks are (image, band of output rows, run of
// channel vectors), shared out dynamically by OpenMP; bands are cut only as thin as needed to
// give every thread about four tasks. Per task, one thread walks its band's output rows:
//   1. it converts the input rows the output row needs that its ring does not hold yet (each
//      input row once per band): per column, the s16 pairs of the column and the one dilation_w
//      to its right (V::pairs of the two columns' bytes; 0 past the row), for the run's channels
//      (the last vector of a channel count that is not a multiple of kLanes loads only its
//      channels, V::bytes with a count);
//   2. per output pixel and vector of kLanes channels, it sums the valid taps into one s32 vector:
//      per kernel row, vpmaddwd of the ring's pairs at tap columns kw = kw0, kw0 + 2, ... with the
//      packed pair weights, and for an odd tap left over with the (w, 0) weights. Only the taps
//      inside the image are visited (the row's and the column's valid kernel ranges,
//      precomputed); runs of pixels whose kernel columns all lie inside the image go through a
//      body unrolled for the common sizes (3x3, 5x5, 7x7) that keeps the weights in registers;
//   3. the pixel's accumulators go through the int8_s16 kernels' epilogue (int8_epilogue.h),
//      which stores only the valid channels.
#pragma once

#include <omp.h>

#include <cstdint>

#include "int8/int8_dw.h"
#include "int8/int8_epilogue.h"
#include "int8/int8_vec.h"

namespace frugal::kernels {
namespace {  // one copy per ISA file: see int8_vec.h
namespace dw {

inline int64_t min_of(int64_t a, int64_t b) { return a < b ? a : b; }
inline int64_t max_of(int64_t a, int64_t b) { return a > b ? a : b; }
inline int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Output pixels computed per run of whole_run (their accumulators on the stack).
constexpr int64_t kDwBlock = 8;

// ---------------------------------------------------------------- 1. convert

// Columns [c0, c1) of the row at x (bytes, channels of vectors [v0, v1) from x + v * kLanes),
// paired with the columns `pair` bytes on (none when kPaired is false: 0), into ring columns of
// `stride` s16 (vector v at + (v - v0) * 2 * kLanes).
template <class V, bool kSigned, bool kPaired>
inline void convert_columns(const uint8_t *x, const uint8_t *end, int64_t c0, int64_t c1, int64_t channels,
                            int64_t pair, int64_t v0, int64_t v1, int16_t *out, int64_t stride) {
    constexpr int64_t L = V::kLanes;
    const int64_t v_full = min_of(v1, channels / L);
    for (int64_t v = v0; v < v_full; ++v) {
        const uint8_t *a = x + v * L;
        int32_t *o = reinterpret_cast<int32_t *>(out + (v - v0) * 2 * L);  // s16 pairs
        for (int64_t c = c0; c < c1; ++c) {
            const __m128i b = kPaired ? V::bytes(a + c * channels + pair) : _mm_setzero_si128();
            V::store(o + c * (stride / 2), V::template pairs<kSigned>(V::bytes(a + c * channels), b));
        }
    }
    for (int64_t v = v_full; v < v1; ++v) {  // the tail vector
        const int64_t n = channels - v * L;
        const uint8_t *a = x + v * L;
        int32_t *o = reinterpret_cast<int32_t *>(out + (v - v0) * 2 * L);
        for (int64_t c = c0; c < c1; ++c) {
            const __m128i b = kPaired ? V::bytes(a + c * channels + pair, n, end) : _mm_setzero_si128();
            V::store(o + c * (stride / 2), V::template pairs<kSigned>(V::bytes(a + c * channels, n, end), b));
        }
    }
}

// ---------------------------------------------------------------- 2. taps

// Adds kernel columns [kw0, kw1) of one kernel row to acc: tap kw reads the ring's pairs at
// r + kw * col and the weights wr + kw * 4 * kLanes (its pair with kw + 1, then its single).
template <class V>
inline void row_taps(const int16_t *ring, int64_t r, int64_t col, const int16_t *wr, int64_t kw0, int64_t kw1,
                     typename V::vec &acc) {
    constexpr int64_t L = V::kLanes;
    int64_t kw = kw0;
    for (; kw + 1 < kw1; kw += 2) acc = V::add(acc, V::madd(V::load(ring + r + kw * col), V::load(wr + kw * 4 * L)));
    if (kw < kw1) acc = V::add(acc, V::madd(V::load(ring + r + kw * col), V::load(wr + kw * 4 * L + 2 * L)));
}

// Sum over kernel rows [kh0, kh1) and columns [kw0, kw1) of one output pixel and one vector of
// channels: kernel row kh's pairs start at ring + rows[kh] + x (x, the pixel's first column,
// may lie left of the image; taps outside it are not read), tap (kh, kw)'s weights at
// w + (kh * kernel_w + kw) * 4 * kLanes.
template <class V>
inline typename V::vec taps(const int16_t *ring, const int64_t *rows, int64_t x, int64_t col, const int16_t *w,
                            int64_t kernel_w, int64_t kh0, int64_t kh1, int64_t kw0, int64_t kw1) {
    constexpr int64_t L = V::kLanes;
    typename V::vec acc = V::zero();
    for (int64_t kh = kh0; kh < kh1; ++kh) row_taps<V>(ring, rows[kh] + x, col, w + kh * kernel_w * 4 * L, kw0, kw1, acc);
    return acc;
}

// Output pixels [0, nb) (nb <= kDwBlock) of a run whose every kernel column lies inside the image,
// over kernel rows [kh0, kh1), for the vectors [0, nv) of the task: pixel i's first column at
// x + i * step, its vector v's sum stored at t + i * kInt8DwMaxChunk + v * kLanes. Per vector,
// the kKh x kKw kernel's weights are loaded once for the whole run (registers, as far as they
// go); the row range is the same for the whole output row, so its tests predict perfectly.
template <class V, int kKh, int kKw>
inline void whole_run(const int16_t *ring, const int64_t *rows, int64_t x, int64_t step, int64_t col,
                      const int16_t *w, int64_t tap_stride, int64_t kh0, int64_t kh1, int64_t nb, int64_t nv,
                      int32_t *t) {
    constexpr int64_t L = V::kLanes, kPairs = kKw / 2;
    using vec = typename V::vec;
    int64_t r[kKh];
#pragma GCC unroll 8
    for (int64_t kh = 0; kh < kKh; ++kh) r[kh] = rows[kh] + x;
    for (int64_t v = 0; v < nv; ++v) {
        const int16_t *wv = w + v * tap_stride;
        vec wp[kKh][kPairs > 0 ? kPairs : 1], ws[kKh];
#pragma GCC unroll 8
        for (int64_t kh = 0; kh < kKh; ++kh) {
#pragma GCC unroll 4
            for (int64_t j = 0; j < kPairs; ++j) wp[kh][j] = V::load(wv + (kh * kKw + 2 * j) * 4 * L);
            if constexpr (kKw % 2 == 1) ws[kh] = V::load(wv + (kh * kKw + kKw - 1) * 4 * L + 2 * L);
        }
        for (int64_t i = 0; i < nb; ++i) {
            const int64_t o = i * step + v * 2 * L;
            vec acc = V::zero();
#pragma GCC unroll 8
            for (int64_t kh = 0; kh < kKh; ++kh) {
                if (kh < kh0 || kh >= kh1) continue;
                const int16_t *row = ring + r[kh] + o;
#pragma GCC unroll 4
                for (int64_t j = 0; j < kPairs; ++j) acc = V::add(acc, V::madd(V::load(row + 2 * j * col), wp[kh][j]));
                if constexpr (kKw % 2 == 1) acc = V::add(acc, V::madd(V::load(row + (kKw - 1) * col), ws[kh]));
            }
            V::store(t + i * kInt8DwMaxChunk + v * L, acc);
        }
    }
}

// Channels [0, valid) of output pixels [0, nb) of a row: pixel i's accumulators at
// acc + i * kInt8DwMaxChunk, stored NHWC from dst element at + i * channels.
template <int kDst, int kAct>
struct PixelsEpilogue {
    static void run(const EpilogueConsts &k, const int32_t *acc, int64_t nb, const double *scale, const double *bias,
                    int64_t valid, void *dst, int64_t at, int64_t channels) {
        for (int64_t i = 0; i < nb; ++i)
            epilogue_pixel<kDst, kAct>(k, acc + i * kInt8DwMaxChunk, scale, bias, valid, dst, at + i * channels, 1);
    }
};

// ---------------------------------------------------------------- driver

// kKh, kKw > 0: the kernel size, unrolled for pixels with every tap inside; 0: any size.
template <class V, bool kSigned, int kKh, int kKw>
void run(const Int8DwParams &p, int16_t *ring_all, int64_t *rows_all, int threads, const uint8_t *src, void *dst) {
    constexpr int64_t L = V::kLanes;
    const int64_t C = p.channels, H = p.in_h, W = p.in_w, OH = p.out_h, OW = p.out_w, KH = p.kernel_h, KW = p.kernel_w;
    const int64_t vectors = ceil_div(C, L), per = p.chunk_vectors, chunks = ceil_div(vectors, per);
    if (p.batch == 0 || OH == 0 || OW == 0 || C == 0) return;
    // Bands: at least about 4 tasks per thread, each band converting its rows once.
    const int64_t bands = min_of(OH, max_of(1, ceil_div(4 * (int64_t)threads, p.batch * chunks)));
    const int64_t band_rows = ceil_div(OH, bands), tasks = p.batch * bands * chunks;
    const int64_t R = p.ring_rows, slot = W * per * 2 * L;  // s16 per ring row
    const int64_t col = p.dilation_w * per * 2 * L;          // s16 from a tap to the next kernel column
    const int64_t tap_stride = KH * KW * 4 * L;              // s16 of weights per vector
    const uint8_t *end = src + p.batch * H * W * C;
    const auto epi = select_epilogue<PixelsEpilogue>(p.epi);
    const int team = (int)min_of(threads, tasks);
#pragma omp parallel num_threads(team)
    {
        int16_t *ring = ring_all + (int64_t)omp_get_thread_num() * p.ring_elems;
        int64_t *rows = rows_all + (int64_t)omp_get_thread_num() * KH;
        alignas(64) int32_t t[kDwBlock * kInt8DwMaxChunk];
        const EpilogueConsts k = epilogue_consts(p.epi);
#pragma omp for schedule(dynamic, 1)
        for (int64_t task = 0; task < tasks; ++task) {
            const int64_t chunk = task % chunks, band = task / chunks % bands, n = task / chunks / bands;
            const int64_t v0 = chunk * per, v1 = min_of(vectors, v0 + per);
            const int64_t c0 = v0 * L, valid = min_of(C, v1 * L) - c0;
            const int64_t oh0 = band * band_rows, oh1 = min_of(OH, oh0 + band_rows);
            const uint8_t *image = src + n * H * W * C;
            const int16_t *weights = p.weights + v0 * tap_stride;
            // The ring holds the input rows from max(ih0, 0) (which only grows with oh) to `next`,
            // each row ih at slot ih % ring_rows, and converts each row once: those of an output
            // row span at most ring_rows, so it never overwrites one that is still needed.
            int64_t next = 0;  // the first input row not converted yet
            for (int64_t oh = oh0; oh < oh1; ++oh) {
                const int64_t ih0 = oh * p.stride_h - p.pad_top;
                const int64_t kh0 = p.kh_range[2 * oh], kh1 = p.kh_range[2 * oh + 1];
                if (kh0 < kh1) {
                    const int64_t last = ih0 + (kh1 - 1) * p.dilation_h;
                    for (int64_t ih = max_of(next, ih0); ih <= last; ++ih) {
                        const uint8_t *x = image + ih * W * C;
                        int16_t *out = ring + (ih % R) * slot;
                        const int64_t paired = max_of(0, W - p.dilation_w), pair = p.dilation_w * C;
                        convert_columns<V, kSigned, true>(x, end, 0, paired, C, pair, v0, v1, out, per * 2 * L);
                        convert_columns<V, kSigned, false>(x, end, paired, W, C, pair, v0, v1, out, per * 2 * L);
                    }
                    next = max_of(next, last + 1);
                    for (int64_t kh = kh0; kh < kh1; ++kh) rows[kh] = (ih0 + kh * p.dilation_h) % R * slot;
                }
                // Columns [ow_lo, ow_hi) have every kernel column inside the image.
                const int64_t ow_lo = kKh > 0 ? p.whole_w[0] : OW, ow_hi = kKh > 0 ? p.whole_w[1] : OW;
                const int64_t row_at = (n * OH + oh) * OW;
                for (int64_t ow = 0; ow < OW;) {
                    const int64_t x = (ow * p.stride_w - p.pad_left) * per * 2 * L;
                    if (ow >= ow_lo && ow < ow_hi) {
                        const int64_t nb = min_of(kDwBlock, ow_hi - ow);
                        if constexpr (kKh > 0)
                            whole_run<V, kKh, kKw>(ring, rows, x, p.stride_w * per * 2 * L, col, weights, tap_stride, kh0,
                                                   kh1, nb, v1 - v0, t);
                        epi(k, t, nb, p.scale + c0, p.bias + c0, valid, dst, (row_at + ow) * C + c0, C);
                        ow += nb;
                        continue;
                    }
                    const int64_t kw0 = p.kw_range[2 * ow], kw1 = p.kw_range[2 * ow + 1];
                    for (int64_t v = 0; v < v1 - v0; ++v)
                        V::store(t + v * L, taps<V>(ring, rows, x + v * 2 * L, col, weights + v * tap_stride, KW, kh0,
                                                    kh1, kw0, kw1));
                    epi(k, t, 1, p.scale + c0, p.bias + c0, valid, dst, (row_at + ow) * C + c0, C);
                    ++ow;
                }
            }
        }
    }
}

template <class V, bool kSigned>
void run_sized(const Int8DwParams &p, int16_t *ring, int64_t *rows, int threads, const uint8_t *src, void *dst) {
    const int64_t kh = p.kernel_h, kw = p.kernel_w;
    if (kh == 3 && kw == 3) return run<V, kSigned, 3, 3>(p, ring, rows, threads, src, dst);
    if (kh == 5 && kw == 5) return run<V, kSigned, 5, 5>(p, ring, rows, threads, src, dst);
    if (kh == 7 && kw == 7) return run<V, kSigned, 7, 7>(p, ring, rows, threads, src, dst);
    run<V, kSigned, 0, 0>(p, ring, rows, threads, src, dst);
}

}  // namespace dw

template <class V>
void dw_conv(const Int8DwParams &p, int16_t *ring, int64_t *rows, int threads, const void *src, void *dst) {
    const uint8_t *s = static_cast<const uint8_t *>(src);  // s8 or u8 bytes; the trait widens them
    if (p.src_signed) dw::run_sized<V, true>(p, ring, rows, threads, s, dst);
    else dw::run_sized<V, false>(p, ring, rows, threads, s, dst);
}

}  // namespace
}  // namespace frugal::kernels
