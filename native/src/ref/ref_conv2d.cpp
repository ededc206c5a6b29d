// Reference fp32 2-D convolution: the textbook sum, accumulated in double, no SIMD.
//   dst[n, oc, oh, ow] = act(bias[oc] + sum_{ic in group, kh, kw}
//       src[n, g*ICg + ic, oh*sh - pt + kh*dh, ow*sw - pl + kw*dw] * w[oc, ic, kh, kw])
// with taps outside the input contributing zero (zero padding), as ONNX Conv defines it.
// The truth other kernels are tested against, and the fallback that serves every shape.
#include <memory>
#include <vector>

#include "dispatch/conv2d_list.h"
#include "ops/activation.h"

namespace frugal {
namespace {

class RefConv2d final : public Kernel {
public:
    RefConv2d(const Conv2dProblem &p, const float *weights, const float *bias)
        : Kernel("ref:direct"), p_(p), weights_(weights, weights + p.weight_elems),
          bias_(bias ? std::vector<float>(bias, bias + p.d.out_channels) : std::vector<float>()) {}

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    frugal_status execute(ExecState *, const float *src, float *dst) const override {
        const frugal_conv2d_desc &d = p_.d;
        const int64_t icg = p_.ic_per_group(), ocg = p_.oc_per_group();
        const int64_t OH = p_.out_h, OW = p_.out_w, C = d.in_channels, OC = d.out_channels;
        const bool nhwc = d.layout == FRUGAL_LAYOUT_NHWC;
        auto src_at = [&](int64_t n, int64_t c, int64_t h, int64_t w) {
            return nhwc ? src[((n * d.in_h + h) * d.in_w + w) * C + c] : src[((n * C + c) * d.in_h + h) * d.in_w + w];
        };
        auto dst_index = [&](int64_t n, int64_t c, int64_t h, int64_t w) {
            return nhwc ? ((n * OH + h) * OW + w) * OC + c : ((n * OC + c) * OH + h) * OW + w;
        };
#pragma omp parallel for collapse(2) schedule(static)
        for (int64_t n = 0; n < d.batch; ++n)
            for (int64_t oc = 0; oc < OC; ++oc) {
                const int64_t g = oc / ocg;
                const float *w = weights_.data() + oc * icg * d.kernel_h * d.kernel_w;
                for (int64_t oh = 0; oh < OH; ++oh)
                    for (int64_t ow = 0; ow < OW; ++ow) {
                        double acc = bias_.empty() ? 0.0 : bias_[oc];
                        for (int64_t ic = 0; ic < icg; ++ic)
                            for (int64_t kh = 0; kh < d.kernel_h; ++kh) {
                                const int64_t ih = oh * d.stride_h - d.pad_top + kh * d.dilation_h;
                                if (ih < 0 || ih >= d.in_h) continue;
                                for (int64_t kw = 0; kw < d.kernel_w; ++kw) {
                                    const int64_t iw = ow * d.stride_w - d.pad_left + kw * d.dilation_w;
                                    if (iw < 0 || iw >= d.in_w) continue;
                                    acc += (double)src_at(n, g * icg + ic, ih, iw) *
                                           (double)w[(ic * d.kernel_h + kh) * d.kernel_w + kw];
                                }
                            }
                        dst[dst_index(n, oc, oh, ow)] = (float)apply_activation(d.activation, acc);
                    }
            }
        return FRUGAL_OK;
    }

private:
    Conv2dProblem p_;
    std::vector<float> weights_, bias_;
};

}  // namespace

frugal_status ref_conv2d_create(const Conv2dProblem &p, const float *weights, const float *bias,
                                std::shared_ptr<const Kernel> *out, std::string *) {
    *out = std::make_shared<RefConv2d>(p, weights, bias);
    return FRUGAL_OK;
}

}  // namespace frugal
