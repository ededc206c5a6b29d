// Reference binary-weight (BWN) 2-D convolution: exactly the arithmetic frugal.h states, in plain
// loops, summed in double:
//   y[n, oh, ow, oc] = (float) act(multiplier[oc] * sum over valid taps and the group's input
//                      channels of (+-1) * x + bias[oc])
// with +-1 the binarized weight (bit 1 = -1). The truth the bwn kernels must match to float
// rounding, and the fallback that serves every shape.
#include <cstdint>
#include <memory>
#include <vector>

#include "dispatch/bwconv2d_list.h"
#include "ops/activation.h"

namespace frugal {
namespace {

class RefBWConv2d final : public Kernel {
public:
    RefBWConv2d(const BWConv2dProblem &p, const float *bias)
        : Kernel("ref:direct"), p_(p),
          bits_(p.wbits, p.wbits + p.conv.d.out_channels * p.taps * p.group_words),
          mult_(p.multiplier, p.multiplier + p.conv.d.out_channels),
          bias_(bias ? std::vector<float>(bias, bias + p.conv.d.out_channels) : std::vector<float>()) {
        p_.wbits = bits_.data();  // our copy: the problem's arrays live only during create
        p_.multiplier = nullptr;
    }

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    frugal_status execute(ExecState *, const float *src, float *dst) const override {
        const frugal_conv2d_desc &d = p_.conv.d;
        const int64_t icg = p_.conv.ic_per_group(), ocg = p_.conv.oc_per_group();
        const int64_t OH = p_.conv.out_h, OW = p_.conv.out_w, OC = d.out_channels, C = d.in_channels;
#pragma omp parallel for collapse(2) schedule(static)
        for (int64_t n = 0; n < d.batch; ++n)
            for (int64_t oh = 0; oh < OH; ++oh)
                for (int64_t ow = 0; ow < OW; ++ow)
                    for (int64_t oc = 0; oc < OC; ++oc) {
                        const int64_t g = oc / ocg;
                        double sum = 0;
                        for (int64_t kh = 0; kh < d.kernel_h; ++kh)
                            for (int64_t kw = 0; kw < d.kernel_w; ++kw) {
                                const int64_t ih = oh * d.stride_h - d.pad_top + kh * d.dilation_h;
                                const int64_t iw = ow * d.stride_w - d.pad_left + kw * d.dilation_w;
                                if (ih < 0 || ih >= d.in_h || iw < 0 || iw >= d.in_w) continue;  // zero padding
                                const float *x = src + ((n * d.in_h + ih) * d.in_w + iw) * C + g * icg;
                                const int64_t t = kh * d.kernel_w + kw;
                                for (int64_t ic = 0; ic < icg; ++ic)
                                    sum += p_.negative(oc, t, ic) ? -(double)x[ic] : (double)x[ic];
                            }
                        const double v = (double)mult_[(size_t)oc] * sum + (bias_.empty() ? 0.0 : (double)bias_[(size_t)oc]);
                        dst[((n * OH + oh) * OW + ow) * OC + oc] = (float)apply_activation(d.activation, v);
                    }
        return FRUGAL_OK;
    }

private:
    BWConv2dProblem p_;
    std::vector<uint64_t> bits_;
    std::vector<float> mult_, bias_;
};

}  // namespace

frugal_status ref_bwconv2d_create(const BWConv2dProblem &p, const float *, const float *bias,
                                  std::shared_ptr<const Kernel> *out, std::string *) {
    *out = std::make_shared<RefBWConv2d>(p, bias);
    return FRUGAL_OK;
}

}  // namespace frugal
