// The one body of the bwn kernels (bwn_conv.h), instantiated per ISA with a vector policy V:
//   V::kLanes f32 lanes; V::Vec; V::Mask (2 * kLanes bits); zero(), bcast(const float *),
//   load(const float *), load_first(const float *, n) (lanes below n loaded, the rest 0, nothing
//   read past them), fma(a, b, c) (a * b + c), leaky_relu(v, slope) (v >= 0 ? v : slope * v),
//   decode(const Mask *, Vec *w0, Vec *w1) (lanes of w0 from bits 0..kLanes-1, of w1 from the
//   rest: -1.0f where the bit is set, else +1.0f; may read up to 4 bytes from the pointer, see
//   BwnConvParams::masks), store(float *, Vec) (64-byte aligned), store_first(float *, Vec, n)
//   (lanes below n, nothing written past them).
// Register tile: one block of 2 * kLanes output channels x up to MaxP output pixels of a row that
// see the same taps (interior pixels; border pixels form shorter tiles). Each decoded weight pair
// serves every pixel of the tile. A block's channels share one broadcast input channel at a time,
// except in depthwise convolutions, where each output channel reads its own input channel: there
// the block's input channels are loaded as vectors, one mask per tap.
// Included only by the bwn_conv_<isa>.cpp files, which are compiled with their ISA's flags.
#pragma once

#include <cstdint>

#include "bwn/bwn_conv.h"

namespace frugal::kernels {
namespace {  // per ISA file: no shared (COMDAT) copy built for another ISA (kernels-cpu/README.md)

// Sums of P pixels over the taps kh0..kh1 x kw0..kw1 (x + i * xpix: pixel i's input at tap
// (kh0, kw0), the block's first input channel) against one block's masks mb ([taps][icg]), into
// sum[i * 2 * kLanes + lane]. Depthwise: icg is 1 and lane l reads input channel l (lanes below
// `lanes` hold channels).
template <typename V, int P, bool Depthwise>
inline void bwn_tile(const BwnConvParams &p, const float *x, int64_t xpix, const typename V::Mask *mb, int64_t kh0,
                     int64_t kh1, int64_t kw0, int64_t kw1, int64_t lanes, float *sum) {
    constexpr int64_t L = V::kLanes;
    typename V::Vec acc[P][2];
    for (int i = 0; i < P; ++i) acc[i][0] = acc[i][1] = V::zero();
    for (int64_t kh = kh0; kh < kh1; ++kh)
        for (int64_t kw = kw0; kw < kw1; ++kw) {
            const float *xr = x + ((kh - kh0) * p.dilation_h * p.in_w + (kw - kw0) * p.dilation_w) * p.in_c;
            const typename V::Mask *m = mb + (kh * p.kernel_w + kw) * p.icg;
            if constexpr (Depthwise) {
                typename V::Vec w0, w1;
                V::decode(m, &w0, &w1);
                for (int i = 0; i < P; ++i) {
                    acc[i][0] = V::fma(V::load_first(xr + i * xpix, lanes), w0, acc[i][0]);
                    acc[i][1] = V::fma(V::load_first(xr + i * xpix + L, lanes - L), w1, acc[i][1]);
                }
                continue;
            }
#pragma GCC unroll 2
            for (int64_t ic = 0; ic < p.icg; ++ic) {
                typename V::Vec w0, w1;
                V::decode(m + ic, &w0, &w1);
                for (int i = 0; i < P; ++i) {
                    const typename V::Vec xv = V::bcast(xr + i * xpix + ic);
                    acc[i][0] = V::fma(xv, w0, acc[i][0]);
                    acc[i][1] = V::fma(xv, w1, acc[i][1]);
                }
            }
        }
    for (int i = 0; i < P; ++i) {
        V::store(sum + i * 2 * L, acc[i][0]);
        V::store(sum + i * 2 * L + L, acc[i][1]);
    }
}

// bwn_tile with the tile width n (1..MaxP) made a compile-time constant.
template <typename V, int MaxP, bool Depthwise>
inline void bwn_tile_n(int n, const BwnConvParams &p, const float *x, int64_t xpix, const typename V::Mask *mb,
                       int64_t kh0, int64_t kh1, int64_t kw0, int64_t kw1, int64_t lanes, float *sum) {
    if constexpr (MaxP > 1) {
        if (n < MaxP) return bwn_tile_n<V, MaxP - 1, Depthwise>(n, p, x, xpix, mb, kh0, kh1, kw0, kw1, lanes, sum);
    }
    bwn_tile<V, MaxP, Depthwise>(p, x, xpix, mb, kh0, kh1, kw0, kw1, lanes, sum);
}

// y[l] = act(alpha * sum[l] + bias[l]) for the block's first `lanes` channels (at0: the block's
// first lane in p.alpha / p.bias); tail lanes are never stored. ReLU and leaky ReLU in vectors,
// other activations through the reference's function per channel.
template <typename V>
inline void bwn_epilogue(const BwnConvParams &p, float *sum, int64_t at0, int64_t lanes, float *y) {
    constexpr int64_t L = V::kLanes;
    for (int64_t h = 0; h < lanes; h += L) {
        typename V::Vec v = V::fma(V::load(p.alpha + at0 + h), V::load(sum + h), V::load(p.bias + at0 + h));
        if (p.act.kind == FRUGAL_ACT_RELU) {
            v = V::leaky_relu(v, p.act.alpha);
        } else if (p.act.kind != FRUGAL_ACT_NONE) {
            V::store(sum + h, v);
            for (int64_t l = h; l < lanes && l < h + L; ++l) y[l] = (float)p.activation(&p.act, (double)sum[l]);
            continue;
        }
        V::store_first(y + h, v, lanes - h);
    }
}

// The taps [k0, k1) of a kernel axis that land inside the input for an output position whose
// first tap reads input i0.
inline void bwn_valid_taps(int64_t i0, int64_t k, int64_t dilation, int64_t in, int64_t *k0, int64_t *k1) {
    *k0 = 0;
    *k1 = k;
    while (*k0 < *k1 && i0 + *k0 * dilation < 0) ++*k0;
    while (*k1 > *k0 && i0 + (*k1 - 1) * dilation >= in) --*k1;
}

template <typename V, int MaxP>
void bwn_conv(const BwnConvParams &p, const float *src, float *dst) {
    constexpr int64_t BO = 2 * V::kLanes;
    const int64_t T = p.kernel_h * p.kernel_w;
    const typename V::Mask *masks = static_cast<const typename V::Mask *>(p.masks);
#pragma omp parallel for collapse(2) schedule(static)
    for (int64_t n = 0; n < p.batch; ++n)
        for (int64_t oh = 0; oh < p.out_h; ++oh) {
            const int64_t ih0 = oh * p.stride_h - p.pad_top;
            int64_t kh0, kh1;
            bwn_valid_taps(ih0, p.kernel_h, p.dilation_h, p.in_h, &kh0, &kh1);
            const float *src_n = src + n * p.in_h * p.in_w * p.in_c;
            const int64_t row = (n * p.out_h + oh) * p.out_w;
            for (int64_t ow = 0; ow < p.out_w;) {
                int64_t kw0, kw1;
                bwn_valid_taps(ow * p.stride_w - p.pad_left, p.kernel_w, p.dilation_w, p.in_w, &kw0, &kw1);
                int P = 1;  // the following pixels that see the same taps join the tile
                for (int64_t a, b; P < MaxP && ow + P < p.out_w; ++P) {
                    bwn_valid_taps((ow + P) * p.stride_w - p.pad_left, p.kernel_w, p.dilation_w, p.in_w, &a, &b);
                    if (a != kw0 || b != kw1) break;
                }
                alignas(64) float sum[MaxP * BO];  // per block; the epilogue may overwrite it
                // The first pixel's input at its first valid tap (only formed when inside src).
                const int64_t first = ((ih0 + kh0 * p.dilation_h) * p.in_w + ow * p.stride_w - p.pad_left +
                                       kw0 * p.dilation_w) * p.in_c;
                const int64_t xpix = p.stride_w * p.in_c;
                for (int64_t blk = 0; blk < p.blocks; ++blk) {
                    // The block's first input channel, first output channel and channel count.
                    int64_t ic0, oc0, lanes;
                    if (p.depthwise) {
                        ic0 = oc0 = blk * BO;
                        lanes = p.out_c - oc0 < BO ? p.out_c - oc0 : BO;
                    } else {
                        const int64_t g = blk / p.oc_blocks, b = blk % p.oc_blocks;
                        ic0 = g * p.icg;
                        oc0 = g * p.ocg + b * BO;
                        lanes = p.ocg - b * BO < BO ? p.ocg - b * BO : BO;
                    }
                    const typename V::Mask *mb = masks + blk * T * p.icg;
                    if (kh0 == kh1 || kw0 == kw1) {  // no tap inside the input: the sums are 0
                        for (int64_t i = 0; i < P * BO; ++i) sum[i] = 0.f;
                    } else {
                        const float *x = src_n + first + ic0;
                        if (p.depthwise) bwn_tile_n<V, MaxP, true>(P, p, x, xpix, mb, kh0, kh1, kw0, kw1, lanes, sum);
                        else bwn_tile_n<V, MaxP, false>(P, p, x, xpix, mb, kh0, kh1, kw0, kw1, lanes, sum);
                    }
                    for (int i = 0; i < P; ++i)
                        bwn_epilogue<V>(p, sum + i * BO, blk * BO, lanes, dst + (row + ow + i) * p.out_c + oc0);
                }
                ow += P;
            }
        }
}

}  // namespace
}  // namespace frugal::kernels
