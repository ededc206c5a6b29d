// The epilogue of the exact int8 kernels (int8_conv_kernel.h, int8_dw_kernel.h): the reference's
// double arithmetic (native/src/ref/ref_qconv2d.cpp), 4 lanes at a time, so that results are
// bit-identical to ref:direct: y = act(scale[oc] * acc + bias[oc]); dst = (float)y, or
// saturate(round-half-even(y / dst_scale)) (NaN gives 0). None, relu, clip, hard sigmoid and hard
// swish are vector code (for an int8 dst relu and clip fold into the saturation), the other
// activations call the reference's apply_activation per element; requantization multiplies by
// 1 / dst_scale and divides only where that could round differently (requantize8). It uses AVX2
// double arithmetic in every instantiation (AVX-512 includes it). Including files are built with
// -ffp-contract=off, so scale * acc + bias is a multiply then an add, as in the reference
// (kernels-cpu/CMakeLists.txt).
#pragma once

#include <immintrin.h>

#include <cstdint>

#include "int8/int8_conv.h"

namespace frugal::kernels {
namespace {  // one copy per ISA file: see int8_vec.h

enum ActClass { kActNone, kActRelu, kActClip, kActHardSigmoid, kActHardSwish, kActOther };

// For an int8 dst, ReLU (slope 0) and Clip fold into the saturation: requantization
// f(y) = nearbyint(y / dst_scale) is monotone, so f(clip(y, a, b)) = clip(f(y), f(a), f(b)) and
// f(relu(y)) = max(f(y), 0) as integers (y is finite: scale, acc and bias are).
inline bool folds_into_saturation(const Int8Epilogue &e) {
    return e.dst != kInt8DstF32 && ((e.act.kind == FRUGAL_ACT_RELU && e.act.alpha == 0.f) || e.act.kind == FRUGAL_ACT_CLIP);
}

// The epilogue's constants, read once per task (a store through dst could alias the descriptor
// as far as the compiler knows) on the thread that runs it (its MXCSR).
struct EpilogueConsts {
    const Int8Epilogue *e;
    __m256d alpha, beta;  // relu's slope; clip's bounds; hard sigmoid's and hard swish's alpha * y + beta
    __m256d dst_scale, inv_dst_scale, near_half;
    __m256d lo, hi;  // the saturation, narrowed by a folded activation
    bool nearest;    // MXCSR rounds to nearest (the default): requantize8 may multiply
};

// nearbyint(x / dst_scale) under the current rounding mode, as the reference requantizes.
inline double requantize1(double x, double dst_scale) {
    return _mm_cvtsd_f64(_mm_round_sd(_mm_setzero_pd(), _mm_set_sd(x / dst_scale), _MM_FROUND_CUR_DIRECTION));
}

inline EpilogueConsts epilogue_consts(const Int8Epilogue &e) {
    EpilogueConsts k;
    k.e = &e;
    k.alpha = _mm256_set1_pd((double)e.act.alpha);
    k.beta = _mm256_set1_pd((double)e.act.beta);
    k.dst_scale = _mm256_set1_pd(e.dst_scale);
    k.inv_dst_scale = _mm256_set1_pd(1.0 / e.dst_scale);
    k.near_half = _mm256_set1_pd(0.5 - 0x1p-30);
    double lo = e.dst == kInt8DstU8 ? 0.0 : -128.0, hi = e.dst == kInt8DstU8 ? 255.0 : 127.0;
    if (folds_into_saturation(e)) {
        const double a = e.act.kind == FRUGAL_ACT_CLIP ? requantize1((double)e.act.alpha, e.dst_scale) : 0.0;
        const double b = e.act.kind == FRUGAL_ACT_CLIP ? requantize1((double)e.act.beta, e.dst_scale) : hi;
        // min(hi, max(lo, min(f(b), max(f(a), q)))) = min(hi', max(lo', q)) with f(a) <= f(b):
        const double lo2 = a < lo ? lo : a > hi ? hi : a, hi2 = b < lo ? lo : b > hi ? hi : b;
        lo = lo2;
        hi = hi2;
    }
    k.lo = _mm256_set1_pd(lo);
    k.hi = _mm256_set1_pd(hi);
    k.nearest = (_mm_getcsr() & _MM_ROUND_MASK) == _MM_ROUND_NEAREST;
    return k;
}

// y = act(scale * acc + bias) for 4 lanes, in the reference's order and double arithmetic.
template <int kAct>
inline __m256d epilogue4(const EpilogueConsts &k, const int32_t *acc, const double *scale, const double *bias) {
    const __m256d x = _mm256_cvtepi32_pd(_mm_load_si128(reinterpret_cast<const __m128i *>(acc)));
    const __m256d y = _mm256_add_pd(_mm256_mul_pd(_mm256_loadu_pd(scale), x), _mm256_loadu_pd(bias));
    if constexpr (kAct == kActNone) {
        return y;
    } else if constexpr (kAct == kActRelu) {  // y >= 0 ? y : alpha * y (NaN: alpha * NaN)
        const __m256d neg = _mm256_mul_pd(k.alpha, y);
        return _mm256_blendv_pd(neg, y, _mm256_cmp_pd(y, _mm256_setzero_pd(), _CMP_GE_OQ));
    } else if constexpr (kAct == kActClip) {
        // std::max(y, lo) is (y < lo) ? lo : y, which is max_pd(lo, y) (a > b ? a : b), NaN
        // and signed zeros included; std::min(that, hi) is min_pd(hi, that).
        return _mm256_min_pd(k.beta, _mm256_max_pd(k.alpha, y));
    } else if constexpr (kAct == kActHardSigmoid || kAct == kActHardSwish) {
        // std::max(0, std::min(1, alpha * y + beta)): std::min(1, t) is (t < 1) ? t : 1, which is
        // min_pd(t, 1); std::max(0, u) is (0 < u) ? u : 0, which is max_pd(u, 0). HardSwish: y * that.
        const __m256d t = _mm256_add_pd(_mm256_mul_pd(k.alpha, y), k.beta);
        const __m256d h = _mm256_max_pd(_mm256_min_pd(t, _mm256_set1_pd(1.0)), _mm256_setzero_pd());
        return kAct == kActHardSwish ? _mm256_mul_pd(y, h) : h;
    } else {
        alignas(32) double t[4];
        _mm256_store_pd(t, y);
        for (double &v : t) v = k.e->activation(&k.e->act, v);
        return _mm256_load_pd(t);
    }
}

// saturate(round-half-even(y / dst_scale)) of 8 lanes as s32 (NaN gives 0), as ops/quantize.h
// requantize: nearbyint under the current rounding mode, then std::min(hi, std::max(lo, q)).
//
// Rounding to nearest, the division is mostly a multiplication. p = y * RN(1 / dst_scale) is
// within 2^-51 |y / dst_scale| of the quotient RN(y / dst_scale) the reference rounds (three
// roundings of at most 2^-53 each), so below 2^9 in magnitude, within 2^-42: both round to the
// same integer unless p lies within 2^-30 of a half-integer; 8 lanes with such a lane divide.
// From 2^9 on, both saturate alike (non-finite p included). Only the other activations can make
// y NaN (kActOther).
template <int kAct>
inline void requantize8(__m256d y0, __m256d y1, const EpilogueConsts &k, __m128i *q0i, __m128i *q1i) {
    __m256d q0, q1;
    bool divide = !k.nearest;
    if (k.nearest) {
        const __m256d p0 = _mm256_mul_pd(y0, k.inv_dst_scale), p1 = _mm256_mul_pd(y1, k.inv_dst_scale);
        q0 = _mm256_round_pd(p0, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        q1 = _mm256_round_pd(p1, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        const __m256d abs = _mm256_set1_pd(-0.0);
        const __m256d off0 = _mm256_andnot_pd(abs, _mm256_sub_pd(p0, q0)), off1 = _mm256_andnot_pd(abs, _mm256_sub_pd(p1, q1));
        divide = _mm256_movemask_pd(_mm256_or_pd(_mm256_cmp_pd(off0, k.near_half, _CMP_GT_OQ),
                                                 _mm256_cmp_pd(off1, k.near_half, _CMP_GT_OQ))) != 0;
    }
    if (divide) {
        q0 = _mm256_round_pd(_mm256_div_pd(y0, k.dst_scale), _MM_FROUND_CUR_DIRECTION);
        q1 = _mm256_round_pd(_mm256_div_pd(y1, k.dst_scale), _MM_FROUND_CUR_DIRECTION);
    }
    if constexpr (kAct == kActOther) {
        q0 = _mm256_blendv_pd(q0, _mm256_setzero_pd(), _mm256_cmp_pd(y0, y0, _CMP_UNORD_Q));
        q1 = _mm256_blendv_pd(q1, _mm256_setzero_pd(), _mm256_cmp_pd(y1, y1, _CMP_UNORD_Q));
    }
    *q0i = _mm256_cvttpd_epi32(_mm256_min_pd(_mm256_max_pd(q0, k.lo), k.hi));  // integral, in [-128, 255]: exact
    *q1i = _mm256_cvttpd_epi32(_mm256_min_pd(_mm256_max_pd(q1, k.lo), k.hi));
}

// Stores channels [0, valid) of one output pixel: acc[c] (16-byte aligned) with scale[c] and
// bias[c] goes to dst element at + c * step. Reads acc, scale and bias up to valid rounded up to 8.
// kAct is the activation after folding (select_epilogue).
template <int kDst, int kAct>
inline void epilogue_pixel(const EpilogueConsts &k, const int32_t *acc, const double *scale, const double *bias,
                           int64_t valid, void *dst, int64_t at, int64_t step) {
    for (int64_t c = 0; c < valid; c += 8) {
        const int64_t lanes = valid - c < 8 ? valid - c : 8;
        const __m256d y0 = epilogue4<kAct>(k, acc + c, scale + c, bias + c);
        const __m256d y1 = epilogue4<kAct>(k, acc + c + 4, scale + c + 4, bias + c + 4);
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
            __m128i q0, q1;
            requantize8<kAct>(y0, y1, k, &q0, &q1);
            // Values are already in the type's range: the saturating packs only narrow.
            const __m128i s16 = _mm_packs_epi32(q0, q1);
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

// &F<kDst, kAct>::run for the epilogue's dst type and activation (none when it folds into the
// saturation, which epilogue_consts then narrows): each kernel instantiates its
// epilogue-specialized code through this one switch.
template <template <int, int> class F, int kDst>
inline auto select_epilogue_act(int32_t kind) {
    switch (kind) {
        case FRUGAL_ACT_NONE: return &F<kDst, kActNone>::run;
        case FRUGAL_ACT_RELU: return &F<kDst, kActRelu>::run;
        case FRUGAL_ACT_CLIP: return &F<kDst, kActClip>::run;
        case FRUGAL_ACT_HARD_SIGMOID: return &F<kDst, kActHardSigmoid>::run;
        case FRUGAL_ACT_HARD_SWISH: return &F<kDst, kActHardSwish>::run;
        default: return &F<kDst, kActOther>::run;
    }
}

template <template <int, int> class F>
inline auto select_epilogue(const Int8Epilogue &e) {
    const int32_t kind = folds_into_saturation(e) ? FRUGAL_ACT_NONE : e.act.kind;
    if (e.dst == kInt8DstF32) return select_epilogue_act<F, kInt8DstF32>(kind);
    if (e.dst == kInt8DstU8) return select_epilogue_act<F, kInt8DstU8>(kind);
    return select_epilogue_act<F, kInt8DstS8>(kind);
}

}  // namespace
}  // namespace frugal::kernels
