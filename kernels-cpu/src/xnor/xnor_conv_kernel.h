// The one body of the xnor kernels (xnor_conv.h), instantiated per ISA with a vector policy V:
//   V::kLanes u64 lanes; V::Vec; V::Part (a partial count that holds at most V::kMaxWords words);
//   zero(), part_zero(), bcast(u64), load(ptr), part_add(Part, Vec x, Vec w) (+= popcount(x ^ w)),
//   flush(Vec acc, Part) (acc += per-lane u64 sums of the partial), store(int64_t*, Vec).
// Register tile: one block of 2 * kLanes output channels x P output pixels of a row (P = 2 where
// two neighbours see the same taps, else 1); each broadcast input word serves the whole block.
// Included only by the xnor_conv_<isa>.cpp files, which are compiled with their ISA's flags.
#pragma once

#include <cstdint>

#include "xnor/xnor_conv.h"

namespace frugal::kernels {
namespace {  // per ISA file: no shared (COMDAT) copy built for another ISA (kernels-cpu/README.md)

inline int64_t xnor_min(int64_t a, int64_t b) { return a < b ? a : b; }

// Popcounts of P pixels (input words at x + i * xpix, i < P, each at its taps kh0..kh1 x kw0..kw1)
// against one weight block wb, into cnt[i * 2 * kLanes + lane].
template <typename V, int P>
inline void xnor_tile(const XnorConvParams &p, const uint64_t *x, int64_t xpix, const uint64_t *wb, int64_t kh0,
                      int64_t kh1, int64_t kw0, int64_t kw1, int64_t *cnt) {
    constexpr int64_t L = V::kLanes, BO = 2 * L;
    const int64_t gw = p.group_words;
    typename V::Vec acc[P][2];
    typename V::Part s[P][2];
    for (int i = 0; i < P; ++i) acc[i][0] = acc[i][1] = V::zero(), s[i][0] = s[i][1] = V::part_zero();
    int64_t pending = 0;  // words counted in s since the last flush
    auto flush = [&] {
        for (int i = 0; i < P; ++i) {
            acc[i][0] = V::flush(acc[i][0], s[i][0]);
            acc[i][1] = V::flush(acc[i][1], s[i][1]);
            s[i][0] = s[i][1] = V::part_zero();
        }
        pending = 0;
    };
    for (int64_t kh = kh0; kh < kh1; ++kh) {
        const uint64_t *xr = x + (kh * p.dilation_h * p.in_w + kw0 * p.dilation_w) * p.words;
        const uint64_t *w = wb + (kh * p.kernel_w + kw0) * gw * BO;
        for (int64_t kw = kw0; kw < kw1; ++kw, xr += p.dilation_w * p.words, w += gw * BO) {
            for (int64_t j0 = 0; j0 < gw; j0 += V::kMaxWords) {
                const int64_t j1 = xnor_min(gw, j0 + (int64_t)V::kMaxWords);
                if (pending + (j1 - j0) > V::kMaxWords) flush();
                for (int64_t j = j0; j < j1; ++j) {
                    const typename V::Vec w0 = V::load(w + j * BO), w1 = V::load(w + j * BO + L);
                    for (int i = 0; i < P; ++i) {
                        const typename V::Vec xv = V::bcast(xr[i * xpix + j]);
                        s[i][0] = V::part_add(s[i][0], xv, w0);
                        s[i][1] = V::part_add(s[i][1], xv, w1);
                    }
                }
                pending += j1 - j0;
            }
        }
    }
    flush();
    for (int i = 0; i < P; ++i) {
        V::store(cnt + i * BO, acc[i][0]);
        V::store(cnt + i * BO + L, acc[i][1]);
    }
}

template <typename V>
void xnor_conv(const XnorConvParams &p, const uint64_t *src, void *dst_raw) {
    float *dst = static_cast<float *>(dst_raw);
    uint64_t *dst_bits = static_cast<uint64_t *>(dst_raw);
    constexpr int64_t BO = 2 * V::kLanes;
    const int64_t T = p.kernel_h * p.kernel_w, gw = p.group_words;
    auto kw_range = [&](int64_t ow, int64_t *kw0, int64_t *kw1) {
        const int64_t iw0 = ow * p.stride_w - p.pad_left;
        *kw0 = 0;
        *kw1 = p.kernel_w;
        while (*kw0 < *kw1 && iw0 + *kw0 * p.dilation_w < 0) ++*kw0;
        while (*kw1 > *kw0 && iw0 + (*kw1 - 1) * p.dilation_w >= p.in_w) --*kw1;
    };
#pragma omp parallel for collapse(2) schedule(static)
    for (int64_t n = 0; n < p.batch; ++n)
        for (int64_t oh = 0; oh < p.out_h; ++oh) {
            const int64_t ih0 = oh * p.stride_h - p.pad_top;
            int64_t kh0 = 0, kh1 = p.kernel_h;
            while (kh0 < kh1 && ih0 + kh0 * p.dilation_h < 0) ++kh0;
            while (kh1 > kh0 && ih0 + (kh1 - 1) * p.dilation_h >= p.in_h) --kh1;
            const uint64_t *src_n = src + n * p.in_h * p.in_w * p.words;
            const int64_t row = (n * p.out_h + oh) * p.out_w;
            for (int64_t ow = 0; ow < p.out_w;) {
                int64_t kw0, kw1, kw0b = -1, kw1b = -1;
                kw_range(ow, &kw0, &kw1);
                if (ow + 1 < p.out_w) kw_range(ow + 1, &kw0b, &kw1b);
                const int P = (kw0b == kw0 && kw1b == kw1) ? 2 : 1;
                const int64_t iw0 = ow * p.stride_w - p.pad_left;
                const int64_t valid = (kh1 - kh0) * (kw1 - kw0);
                // The input of the first pixel at tap (0, 0) (maybe outside; only valid taps are read).
                const uint64_t *x0 = src_n + (ih0 * p.in_w + iw0) * p.words;
                const int64_t xpix = p.stride_w * p.words;
                // Ignored tail bits: the weights hold zeros there, so each adds one to every
                // channel's popcount; counted once per pixel.
                int64_t ignored[2] = {0, 0};
                if (p.ignored != 0)
                    for (int i = 0; i < P; ++i)
                        for (int64_t kh = kh0; kh < kh1; ++kh)
                            for (int64_t kw = kw0; kw < kw1; ++kw) {
                                const uint64_t *x = x0 + i * xpix + (kh * p.dilation_h * p.in_w + kw * p.dilation_w) * p.words;
                                ignored[i] += __builtin_popcountll(x[p.words - 1] & p.ignored);
                            }
                if (p.dst_bit)
                    for (int64_t j = 0; j < P * p.out_words; ++j) dst_bits[(row + ow) * p.out_words + j] = 0;
                for (int64_t g = 0; g < p.groups; ++g)
                    for (int64_t b = 0; b < p.oc_blocks; ++b) {
                        const uint64_t *wb = p.weights + (g * p.oc_blocks + b) * T * gw * BO;
                        alignas(64) int64_t cnt[2 * BO];
                        if (P == 2) xnor_tile<V, 2>(p, x0 + g * gw, xpix, wb, kh0, kh1, kw0, kw1, cnt);
                        else xnor_tile<V, 1>(p, x0 + g * gw, xpix, wb, kh0, kh1, kw0, kw1, cnt);
                        const int64_t lanes = xnor_min(BO, p.ocg - b * BO);
                        for (int i = 0; i < P; ++i) {
                            const int64_t pixel = row + ow + i, oc0 = g * p.ocg + b * BO;
                            for (int64_t l = 0; l < lanes; ++l) {
                                const int64_t at = (g * p.oc_blocks + b) * BO + l;
                                int64_t dot = valid * p.icg - 2 * (cnt[i * BO + l] - ignored[i]);
                                if (p.pad_dot != nullptr && valid < T) {
                                    const int32_t *pd = p.pad_dot + at * T;
                                    for (int64_t kh = 0; kh < p.kernel_h; ++kh)
                                        for (int64_t kw = 0; kw < p.kernel_w; ++kw)
                                            if (kh < kh0 || kh >= kh1 || kw < kw0 || kw >= kw1) dot += pd[kh * p.kernel_w + kw];
                                }
                                double v = p.mult[at] * (double)dot + p.bias[at];
                                if (p.dst_bit) {
                                    if (v < p.threshold[at])
                                        dst_bits[pixel * p.out_words + (oc0 + l) / 64] |= uint64_t(1) << ((oc0 + l) % 64);
                                    continue;
                                }
                                if (p.act.kind == FRUGAL_ACT_RELU) v = v >= 0.0 ? v : (double)p.act.alpha * v;
                                else if (p.act.kind != FRUGAL_ACT_NONE) v = p.activation(&p.act, v);
                                dst[pixel * p.out_c + oc0 + l] = (float)v;
                            }
                        }
                    }
                ow += P;
            }
        }
}

}  // namespace
}  // namespace frugal::kernels
