// Reference fp32 2-D transposed convolution: for every output element, the gather form of ONNX
// ConvTranspose's scatter, accumulated in double, no SIMD:
//   dst[n, oc, oh, ow] = act(bias[oc] + sum_{ic in oc's group, kh, kw : ih, iw integral and inside}
//       src[n, ic, ih, iw] * w[ic, oc % OCg, kh, kw]),  ih = (oh + pt - kh*dh) / sh, likewise iw.
// The truth other kernels are tested against.
#include <memory>
#include <vector>

#include "dispatch/conv_transpose2d_list.h"
#include "ops/activation.h"

namespace frugal {
namespace {

class RefConvTranspose2d final : public Kernel {
public:
    RefConvTranspose2d(const ConvTranspose2dProblem &p, const float *weights, const float *bias)
        : Kernel("ref:direct"), p_(p), weights_(weights, weights + p.weight_elems),
          bias_(bias ? std::vector<float>(bias, bias + p.d.out_channels) : std::vector<float>()) {}

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    frugal_status execute(ExecState *, const float *src, float *dst) const override {
        const frugal_conv_transpose2d_desc &d = p_.d;
        const int64_t icg = p_.ic_per_group(), ocg = p_.oc_per_group();
        const int64_t H = d.in_h, W = d.in_w, OH = p_.out_h, OW = p_.out_w, C = d.in_channels, OC = d.out_channels;
        const int64_t KH = d.kernel_h, KW = d.kernel_w;
        const bool nhwc = d.layout == FRUGAL_LAYOUT_NHWC;
#pragma omp parallel for collapse(2) schedule(static)
        for (int64_t n = 0; n < d.batch; ++n)
            for (int64_t oc = 0; oc < OC; ++oc) {
                const int64_t g = oc / ocg, ocl = oc % ocg;
                for (int64_t oh = 0; oh < OH; ++oh)
                    for (int64_t ow = 0; ow < OW; ++ow) {
                        double acc = bias_.empty() ? 0.0 : bias_[oc];
                        for (int64_t kh = 0; kh < KH; ++kh) {
                            const int64_t th = oh + d.pad_top - kh * d.dilation_h;
                            if (th < 0 || th % d.stride_h != 0 || th / d.stride_h >= H) continue;
                            const int64_t ih = th / d.stride_h;
                            for (int64_t kw = 0; kw < KW; ++kw) {
                                const int64_t tw = ow + d.pad_left - kw * d.dilation_w;
                                if (tw < 0 || tw % d.stride_w != 0 || tw / d.stride_w >= W) continue;
                                const int64_t iw = tw / d.stride_w;
                                for (int64_t i = 0; i < icg; ++i) {
                                    const int64_t ic = g * icg + i;
                                    const double x = nhwc ? src[((n * H + ih) * W + iw) * C + ic] : src[((n * C + ic) * H + ih) * W + iw];
                                    acc += x * (double)weights_[((ic * ocg + ocl) * KH + kh) * KW + kw];
                                }
                            }
                        }
                        dst[nhwc ? ((n * OH + oh) * OW + ow) * OC + oc : ((n * OC + oc) * OH + oh) * OW + ow] =
                            (float)apply_activation(d.activation, acc);
                    }
            }
        return FRUGAL_OK;
    }

private:
    ConvTranspose2dProblem p_;
    std::vector<float> weights_, bias_;
};

}  // namespace

frugal_status ref_conv_transpose2d_create(const ConvTranspose2dProblem &p, const float *weights, const float *bias,
                                          std::shared_ptr<const Kernel> *out, std::string *) {
    *out = std::make_shared<RefConvTranspose2d>(p, weights, bias);
    return FRUGAL_OK;
}

}  // namespace frugal
