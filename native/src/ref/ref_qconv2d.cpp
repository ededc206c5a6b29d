// Reference int8 2-D convolution: exactly the arithmetic frugal.h states, in plain loops.
//   acc[n, oc, oh, ow] = sum_{ic in group, kh, kw} q_x[n, g*ICg + ic, ih, iw] * q_w[oc, ic, kh, kw]   (s32)
//   y = act(src_scale * s_w[oc] * acc + bias[oc])                                                    (double)
//   dst = y (f32), or saturate(round-half-even(y / dst_scale)) (u8/s8; NaN gives 0)
// with taps outside the input contributing zero. The truth the oneDNN kernel is tested against
// (with the Java model), and the fallback that serves every shape.
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "dispatch/qconv2d_list.h"
#include "ops/activation.h"
#include "ops/quantize.h"

namespace frugal {
namespace {

class RefQConv2d final : public Kernel {
public:
    RefQConv2d(const QConv2dProblem &p, const float *bias)
        : Kernel("ref:direct"), p_(p), weights_(p.qweights, p.qweights + p.conv.weight_elems),
          scales_(p.weight_scales, p.weight_scales + p.conv.d.out_channels),
          bias_(bias ? std::vector<float>(bias, bias + p.conv.d.out_channels) : std::vector<float>()) {
        p_.qweights = nullptr;  // valid only during create; the copies above are ours
        p_.weight_scales = nullptr;
    }

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    frugal_status execute(ExecState *, const float *src, float *dst) const override {
        // frugal_qconv2d_execute passes untyped buffers through these pointers (ops/kernel.h).
        const void *s = src;
        void *d = dst;
        if (p_.src_dtype == FRUGAL_U8) return run(static_cast<const uint8_t *>(s), d);
        return run(static_cast<const int8_t *>(s), d);
    }

private:
    template <typename Src>
    frugal_status run(const Src *src, void *dst_raw) const {
        const frugal_conv2d_desc &d = p_.conv.d;
        const int64_t icg = p_.conv.ic_per_group(), ocg = p_.conv.oc_per_group();
        const int64_t OH = p_.conv.out_h, OW = p_.conv.out_w, C = d.in_channels, OC = d.out_channels;
        const bool nhwc = d.layout == FRUGAL_LAYOUT_NHWC;
        auto src_at = [&](int64_t n, int64_t c, int64_t h, int64_t w) -> int32_t {
            return nhwc ? src[((n * d.in_h + h) * d.in_w + w) * C + c] : src[((n * C + c) * d.in_h + h) * d.in_w + w];
        };
        auto dst_index = [&](int64_t n, int64_t c, int64_t h, int64_t w) {
            return nhwc ? ((n * OH + h) * OW + w) * OC + c : ((n * OC + c) * OH + h) * OW + w;
        };
        const frugal_dtype dt = p_.dst_dtype;
#pragma omp parallel for collapse(2) schedule(static)
        for (int64_t n = 0; n < d.batch; ++n)
            for (int64_t oc = 0; oc < OC; ++oc) {
                const int64_t g = oc / ocg;
                const int8_t *w = weights_.data() + oc * icg * d.kernel_h * d.kernel_w;
                const double scale = (double)p_.src_scale * (double)scales_[oc];
                const double b = bias_.empty() ? 0.0 : (double)bias_[oc];
                for (int64_t oh = 0; oh < OH; ++oh)
                    for (int64_t ow = 0; ow < OW; ++ow) {
                        int32_t acc = 0;  // |acc| <= 255 * 127 * FRUGAL_QCONV2D_MAX_REDUCTION < 2^31
                        for (int64_t ic = 0; ic < icg; ++ic)
                            for (int64_t kh = 0; kh < d.kernel_h; ++kh) {
                                const int64_t ih = oh * d.stride_h - d.pad_top + kh * d.dilation_h;
                                if (ih < 0 || ih >= d.in_h) continue;
                                for (int64_t kw = 0; kw < d.kernel_w; ++kw) {
                                    const int64_t iw = ow * d.stride_w - d.pad_left + kw * d.dilation_w;
                                    if (iw < 0 || iw >= d.in_w) continue;
                                    acc += src_at(n, g * icg + ic, ih, iw) *
                                           (int32_t)w[(ic * d.kernel_h + kh) * d.kernel_w + kw];
                                }
                            }
                        const double y = apply_activation(d.activation, scale * (double)acc + b);
                        const int64_t i = dst_index(n, oc, oh, ow);
                        if (dt == FRUGAL_F32) {
                            static_cast<float *>(dst_raw)[i] = (float)y;
                        } else {
                            const double q = requantize(y, p_.dst_scale, dt);
                            if (dt == FRUGAL_U8) static_cast<uint8_t *>(dst_raw)[i] = (uint8_t)q;
                            else static_cast<int8_t *>(dst_raw)[i] = (int8_t)q;
                        }
                    }
            }
        return FRUGAL_OK;
    }

    QConv2dProblem p_;
    std::vector<int8_t> weights_;
    std::vector<float> scales_, bias_;
};

}  // namespace

frugal_status ref_qconv2d_create(const QConv2dProblem &p, const float *, const float *bias,
                                 std::shared_ptr<const Kernel> *out, std::string *) {
    *out = std::make_shared<RefQConv2d>(p, bias);
    return FRUGAL_OK;
}

}  // namespace frugal
