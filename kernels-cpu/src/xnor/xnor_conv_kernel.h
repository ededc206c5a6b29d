// The one body of the xnor kernels (xnor_conv.h), instantiated per ISA with a vector policy V:
//   V::kLanes u64 lanes; V::Vec; V::Part (a partial count that holds at most V::kMaxWords words);
//   zero(), part_zero(), bcast(u64), load(ptr), part_add(Part, Vec x, Vec w) (+= popcount(x ^ w)),
//   flush(Vec acc, Part) (acc += per-lane u64 sums of the partial), store(int64_t*, Vec);
//   for the epilogue, V::DVec (kLanes doubles): loadi(const int64_t*), set1(int64_t), add, sub
//   (u64 lanes as int64), to_double (exact below 2^51), dload(const double*), dset1, dmul, dadd,
//   relu(DVec, double alpha) (v >= 0 ? v : alpha * v), lt_mask(a, b) (lane bits of a < b, ordered),
//   dstore(double*, DVec), store_f32(float*, DVec) (kLanes floats, rounded to nearest).
// The epilogue does the reference's double operations lane for lane in the same order (the
// files are built with -ffp-contract=off), so results stay bit-identical to ref:direct.
// Register tile: one block of 2 * kLanes output channels x P output pixels of a row (P = 4 or 2
// where that many neighbours see the same taps, else 1); each weight load serves P pixels and
// each broadcast input word the whole block.
// Included only by the xnor_conv_<isa>.cpp files, which are compiled with their ISA's flags.
#pragma once

#include <cstdint>

#include "xnor/xnor_conv.h"

namespace frugal::kernels {
namespace {  // per ISA file: no shared (COMDAT) copy built for another ISA (kernels-cpu/README.md)

inline int64_t xnor_min(int64_t a, int64_t b) { return a < b ? a : b; }

constexpr int kXnorMaxTilePixels = 4;

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
    // A row's taps kw0..kw1 are one run of words when each tap's words follow the previous tap's
    // in both the input (dilation 1, one group spanning the pixel) and the weights ([taps][gw]):
    // then the word loop runs across them without per-tap overhead (3x3 over 64 channels is one
    // run of 3 words instead of three runs of 1).
    const bool one_run = p.dilation_w == 1 && gw == p.words;
    const int64_t run_words = one_run ? (kw1 - kw0) * gw : gw, runs = one_run ? 1 : kw1 - kw0;
    for (int64_t kh = kh0; kh < kh1; ++kh) {
        const uint64_t *xr = x + (kh * p.dilation_h * p.in_w + kw0 * p.dilation_w) * p.words;
        const uint64_t *w = wb + (kh * p.kernel_w + kw0) * gw * BO;
        for (int64_t r = 0; r < runs; ++r, xr += p.dilation_w * p.words, w += gw * BO) {
            for (int64_t j0 = 0; j0 < run_words; j0 += V::kMaxWords) {
                const int64_t j1 = xnor_min(run_words, j0 + (int64_t)V::kMaxWords);
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

// One pixel's epilogue for one block of lanes (output channels oc0.., packed channels at0..):
// dot = base - 2 * cnt (+ the padded taps' terms pad, or null), then
// v = mult * dot (* k) + bias, and a float (after the activation) or a bit (v < threshold).
template <typename V>
inline void xnor_epilogue(const XnorConvParams &p, const int64_t *cnt, int64_t base, const int64_t *pad, double k,
                          int64_t at0, int64_t lanes, int64_t pixel, int64_t oc0, float *dst, uint64_t *dst_bits) {
    constexpr int64_t L = V::kLanes, BO = 2 * L;
    alignas(64) double v[BO];
    uint64_t below = 0;  // BIT dst: lane bits of v < threshold
    for (int64_t h = 0; h < 2; ++h) {
        const typename V::Vec c = V::loadi(cnt + h * L);
        typename V::Vec dot = V::sub(V::set1(base), V::add(c, c));
        if (pad != nullptr) dot = V::add(dot, V::loadi(pad + h * L));
        typename V::DVec y = V::dmul(V::dload(p.mult + at0 + h * L), V::to_double(dot));
        if (p.k_scale != nullptr) y = V::dmul(y, V::dset1(k));
        y = V::dadd(y, V::dload(p.bias + at0 + h * L));
        if (p.dst_bit) {
            below |= (uint64_t)V::lt_mask(y, V::dload(p.threshold + at0 + h * L)) << (h * L);
        } else if (p.act.kind == FRUGAL_ACT_RELU) {
            y = V::relu(y, (double)p.act.alpha);
        }
        V::dstore(v + h * L, y);
    }
    if (p.dst_bit) {
        below &= (uint64_t(1) << lanes) - 1;  // lanes <= 16: padded lanes past the group write nothing
        // The block's bits start at bit oc0 % 64 and may run into the next word.
        const int64_t word = oc0 / 64, sh = oc0 % 64;
        uint64_t *out = dst_bits + pixel * p.out_words + word;
        out[0] |= below << sh;
        if (sh + lanes > 64) out[1] |= below >> (64 - sh);
        return;
    }
    float *out = dst + pixel * p.out_c + oc0;
    if (p.act.kind != FRUGAL_ACT_NONE && p.act.kind != FRUGAL_ACT_RELU) {
        for (int64_t l = 0; l < lanes; ++l) out[l] = (float)p.activation(&p.act, v[l]);
    } else if (lanes == BO) {
        V::store_f32(out, V::dload(v));
        V::store_f32(out + L, V::dload(v + L));
    } else {
        alignas(64) float f[BO];
        V::store_f32(f, V::dload(v));
        V::store_f32(f + L, V::dload(v + L));
        for (int64_t l = 0; l < lanes; ++l) out[l] = f[l];
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
                int64_t kw0, kw1;
                kw_range(ow, &kw0, &kw1);
                // Up to four neighbours that see the same taps share each weight load.
                int P = 1;
                for (int64_t a, b; P < kXnorMaxTilePixels && ow + P < p.out_w; ++P) {
                    kw_range(ow + P, &a, &b);
                    if (a != kw0 || b != kw1) break;
                }
                if (P == 3) P = 2;
                const int64_t iw0 = ow * p.stride_w - p.pad_left;
                const int64_t valid = (kh1 - kh0) * (kw1 - kw0);
                // The input of the first pixel at tap (0, 0) (maybe outside; only valid taps are read).
                const uint64_t *x0 = src_n + (ih0 * p.in_w + iw0) * p.words;
                const int64_t xpix = p.stride_w * p.words;
                // Ignored tail bits: the weights hold zeros there, so each adds one to every
                // channel's popcount; counted once per pixel.
                int64_t ignored[kXnorMaxTilePixels] = {0, 0, 0, 0};
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
                        alignas(64) int64_t cnt[kXnorMaxTilePixels * BO];
                        if (P == 4) xnor_tile<V, 4>(p, x0 + g * gw, xpix, wb, kh0, kh1, kw0, kw1, cnt);
                        else if (P == 2) xnor_tile<V, 2>(p, x0 + g * gw, xpix, wb, kh0, kh1, kw0, kw1, cnt);
                        else xnor_tile<V, 1>(p, x0 + g * gw, xpix, wb, kh0, kh1, kw0, kw1, cnt);
                        const int64_t lanes = xnor_min(BO, p.ocg - b * BO);
                        const int64_t at0 = (g * p.oc_blocks + b) * BO;
                        // Padded-tap terms of this block's lanes (taps outside the input; the
                        // P pixels share their taps).
                        alignas(64) int64_t pad[BO];
                        const bool padded = p.pad_dot != nullptr && valid < T;
                        if (padded) {
                            const int64_t *pd = p.pad_dot + (g * p.oc_blocks + b) * T * BO;
                            typename V::Vec s0 = V::zero(), s1 = V::zero();
                            for (int64_t kh = 0; kh < p.kernel_h; ++kh)
                                for (int64_t kw = 0; kw < p.kernel_w; ++kw)
                                    if (kh < kh0 || kh >= kh1 || kw < kw0 || kw >= kw1) {
                                        const int64_t *t = pd + (kh * p.kernel_w + kw) * BO;
                                        s0 = V::add(s0, V::loadi(t));
                                        s1 = V::add(s1, V::loadi(t + V::kLanes));
                                    }
                            V::store(pad, s0);
                            V::store(pad + V::kLanes, s1);
                        }
                        for (int i = 0; i < P; ++i) {
                            const int64_t pixel = row + ow + i, oc0 = g * p.ocg + b * BO;
                            xnor_epilogue<V>(p, cnt + i * BO, valid * p.icg + 2 * ignored[i], padded ? pad : nullptr,
                                             p.k_scale != nullptr ? p.k_scale[pixel] : 0.0, at0, lanes, pixel, oc0, dst,
                                             dst_bits);
                        }
                    }
                ow += P;
            }
        }
}

}  // namespace
}  // namespace frugal::kernels
