// The "avx2:int8_dw" and "avx512:int8_dw" kernels of int8 conv2d: the glue around
// kernels-cpu/src/int8/int8_dw.h (exact depthwise convolution, bit-identical to ref:direct). At
// create: the quantized weights widened to s16 and packed per vector of 8 or 16 channels as tap
// pairs and single taps, the per-channel scale and bias in double, each output row's and
// column's valid kernel range, and the channel runs of a task (as many channels as keep a
// thread's ring of converted input rows near kRingBytes). make_state allocates the per-thread
// rings, so execute allocates nothing. Serves depthwise convolutions with channel multiplier 1
// (groups == in_channels == out_channels) in NHWC; declines the rest (ordinary convolutions and
// a channel multiplier above 1 go to the int8_s16 kernels, NCHW depthwise to ref:direct).
// Built for the baseline ISA; only kernels-cpu/src/int8/int8_dw_<isa>.cpp is not.
#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dispatch/qconv2d_list.h"
#include "int8/int8_dw.h"
#include "ops/activation.h"

namespace frugal {
namespace {

namespace k = kernels;

using RunFn = void (*)(const k::Int8DwParams &, int16_t *, int64_t *, int, const void *, void *);

struct Isa {
    const char *name;
    int64_t lanes;
    RunFn run;
};
constexpr Isa kAvx2{"avx2:int8_dw", k::kInt8DwLanesAvx2, k::int8_dw_avx2};
constexpr Isa kAvx512{"avx512:int8_dw", k::kInt8DwLanesAvx512, k::int8_dw_avx512};

// Bytes a thread's ring of converted input rows should stay within (it sits in L2, its hot rows
// in L1), unless a single vector of channels needs more.
constexpr int64_t kRingBytes = 32 * 1024;

struct Scratch final : ExecState {
    std::vector<int16_t> ring;
    int16_t *aligned = nullptr;
    std::vector<int64_t> rows;
    int threads = 1;
};

// Per output index o, the kernel taps [b, e) whose input index o * stride - pad + tap * dilation
// lies in [0, in) (b == e when none does): b at 2 o, e at 2 o + 1.
std::vector<int64_t> tap_ranges(int64_t outs, int64_t in, int64_t kernel, int64_t stride, int64_t pad,
                                int64_t dilation) {
    std::vector<int64_t> r((size_t)(2 * outs));
    for (int64_t o = 0; o < outs; ++o) {
        const int64_t i0 = o * stride - pad;
        int64_t b = 0, e = kernel;
        while (b < kernel && i0 + b * dilation < 0) ++b;
        while (e > b && i0 + (e - 1) * dilation >= in) --e;
        r[(size_t)(2 * o)] = b;
        r[(size_t)(2 * o + 1)] = std::max(b, e);
    }
    return r;
}

class CpuInt8Dw final : public Kernel {
public:
    CpuInt8Dw(const Isa &isa, const QConv2dProblem &qp, const float *bias) : Kernel(isa.name), run_(isa.run) {
        const frugal_conv2d_desc &d = qp.conv.d;
        const int64_t C = d.in_channels, KH = d.kernel_h, KW = d.kernel_w, L = isa.lanes;
        p_.batch = d.batch;
        p_.channels = C;
        p_.in_h = d.in_h;
        p_.in_w = d.in_w;
        p_.out_h = qp.conv.out_h;
        p_.out_w = qp.conv.out_w;
        p_.kernel_h = KH;
        p_.kernel_w = KW;
        p_.stride_h = d.stride_h;
        p_.stride_w = d.stride_w;
        p_.pad_top = d.pad_top;
        p_.pad_left = d.pad_left;
        p_.dilation_h = d.dilation_h;
        p_.dilation_w = d.dilation_w;
        p_.src_signed = qp.src_dtype == FRUGAL_S8;
        p_.lanes = L;
        p_.epi.dst = qp.dst_dtype == FRUGAL_F32 ? k::kInt8DstF32 : qp.dst_dtype == FRUGAL_U8 ? k::kInt8DstU8 : k::kInt8DstS8;
        p_.epi.dst_scale = (double)qp.dst_scale;
        p_.epi.act = d.activation;
        p_.epi.activation = apply_activation_fn;

        kh_range_ = tap_ranges(p_.out_h, d.in_h, KH, d.stride_h, d.pad_top, d.dilation_h);
        kw_range_ = tap_ranges(p_.out_w, d.in_w, KW, d.stride_w, d.pad_left, d.dilation_w);
        // The columns with the whole kernel inside are contiguous (the first input column grows with ow).
        p_.whole_w[0] = p_.whole_w[1] = 0;
        for (int64_t ow = 0; ow < p_.out_w; ++ow)
            if (kw_range_[(size_t)(2 * ow)] == 0 && kw_range_[(size_t)(2 * ow + 1)] == KW) {
                if (p_.whole_w[0] == p_.whole_w[1]) p_.whole_w[0] = ow;
                p_.whole_w[1] = ow + 1;
            }

        const int64_t vectors = (C + L - 1) / L, padded = vectors * L;
        p_.ring_rows = std::min((KH - 1) * d.dilation_h + 1, d.in_h);
        const int64_t vector_bytes = p_.ring_rows * d.in_w * L * 4;  // one vector's ring
        int64_t per = std::clamp(kRingBytes / vector_bytes, (int64_t)1, k::kInt8DwMaxChunk / L);
        per = std::min(per, vectors);
        per = (vectors + (vectors + per - 1) / per - 1) / ((vectors + per - 1) / per);  // runs as even as can be
        p_.chunk_vectors = per;
        p_.ring_elems = (p_.ring_rows * d.in_w * per * L * 2 + 31) / 32 * 32;
        const int8_t *q = qp.qweights;  // [C, 1, KH, KW]
        weights_.assign((size_t)(vectors * KH * KW * 4 * L), 0);
        scale_.assign((size_t)padded, 1.0);
        bias_.assign((size_t)padded, 0.0);
        for (int64_t c = 0; c < C; ++c) {
            const int64_t v = c / L, lane = c % L;
            scale_[c] = (double)qp.src_scale * (double)qp.weight_scales[c];  // as the reference forms it
            bias_[c] = bias ? (double)bias[c] : 0.0;
            for (int64_t kh = 0; kh < KH; ++kh)
                for (int64_t kw = 0; kw < KW; ++kw) {
                    const int8_t *row = q + (c * KH + kh) * KW;
                    int16_t *tap = weights_.data() + ((v * KH + kh) * KW + kw) * 4 * L;
                    tap[2 * lane] = row[kw];  // the pair (kw, kw + 1)
                    tap[2 * lane + 1] = kw + 1 < KW ? row[kw + 1] : 0;
                    tap[2 * L + 2 * lane] = row[kw];  // the single (kw, 0)
                }
        }
        p_.kh_range = kh_range_.data();
        p_.kw_range = kw_range_.data();
        p_.weights = weights_.data();
        p_.scale = scale_.data();
        p_.bias = bias_.data();
    }

    std::unique_ptr<ExecState> make_state() const override {
        auto s = std::make_unique<Scratch>();
        s->threads = std::max(1, omp_get_max_threads());
        s->ring.resize((size_t)(s->threads * p_.ring_elems + 32));
        const uintptr_t at = reinterpret_cast<uintptr_t>(s->ring.data());
        s->aligned = s->ring.data() + ((64 - at % 64) % 64) / sizeof(int16_t);
        s->rows.resize((size_t)(s->threads * p_.kernel_h));
        return s;
    }

    frugal_status execute(ExecState *state, const float *src, float *dst) const override {
        // Untyped src/dst of frugal_qconv2d_execute (ops/kernel.h).
        auto *s = static_cast<Scratch *>(state);
        run_(p_, s->aligned, s->rows.data(), s->threads, static_cast<const void *>(src), static_cast<void *>(dst));
        return FRUGAL_OK;
    }

private:
    k::Int8DwParams p_{};
    RunFn run_;
    std::vector<int64_t> kh_range_, kw_range_;
    std::vector<int16_t> weights_;
    std::vector<double> scale_, bias_;
};

frugal_status create(const Isa &isa, const QConv2dProblem &qp, const float *bias, std::shared_ptr<const Kernel> *out,
                     std::string *why) {
    const frugal_conv2d_desc &d = qp.conv.d;
    if (d.groups != d.in_channels || d.groups != d.out_channels) {
        *why = "not depthwise with channel multiplier 1 (groups == in_channels == out_channels)";
        return FRUGAL_UNIMPLEMENTED;
    }
    if (d.layout != FRUGAL_LAYOUT_NHWC) {
        *why = "depthwise NCHW: this kernel reads each pixel's channels contiguously (NHWC only)";
        return FRUGAL_UNIMPLEMENTED;
    }
    *out = std::make_shared<CpuInt8Dw>(isa, qp, bias);
    return FRUGAL_OK;
}

}  // namespace

frugal_status avx2_qconv2d_dw_create(const QConv2dProblem &p, const float *, const float *bias,
                                     std::shared_ptr<const Kernel> *out, std::string *why) {
    return create(kAvx2, p, bias, out, why);
}

frugal_status avx512_qconv2d_dw_create(const QConv2dProblem &p, const float *, const float *bias,
                                       std::shared_ptr<const Kernel> *out, std::string *why) {
    return create(kAvx512, p, bias, out, why);
}

}  // namespace frugal
