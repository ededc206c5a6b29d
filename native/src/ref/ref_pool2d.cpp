// Reference fp32 2-D pooling: plain loops, sums in double, no SIMD.
//   max: dst = max over taps (oh*sh - pt + kh*dh, ow*sw - pl + kw*dw) inside the input
//   avg: dst = sum over those taps / count, count being the taps inside the input
//        (count_include_pad 0) or inside [-pad_begin, in + pad_end) (count_include_pad 1)
// as ONNX MaxPool / AveragePool define them. The truth other kernels are tested against.
#include <algorithm>
#include <limits>
#include <memory>

#include "dispatch/pool2d_list.h"

namespace frugal {
namespace {

class RefPool2d final : public Kernel {
public:
    explicit RefPool2d(const Pool2dProblem &p) : Kernel("ref:direct"), p_(p) {}

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    frugal_status execute(ExecState *, const float *src, float *dst) const override {
        const frugal_pool2d_desc &d = p_.d;
        const int64_t C = d.channels, H = d.in_h, W = d.in_w, OH = p_.out_h, OW = p_.out_w;
        const bool nhwc = d.layout == FRUGAL_LAYOUT_NHWC;
#pragma omp parallel for collapse(2) schedule(static)
        for (int64_t n = 0; n < d.batch; ++n)
            for (int64_t c = 0; c < C; ++c)
                for (int64_t oh = 0; oh < OH; ++oh)
                    for (int64_t ow = 0; ow < OW; ++ow) {
                        double sum = 0, best = -std::numeric_limits<double>::infinity();
                        int64_t inside = 0, padded = 0;
                        for (int64_t kh = 0; kh < d.kernel_h; ++kh) {
                            const int64_t ih = oh * d.stride_h - d.pad_top + kh * d.dilation_h;
                            for (int64_t kw = 0; kw < d.kernel_w; ++kw) {
                                const int64_t iw = ow * d.stride_w - d.pad_left + kw * d.dilation_w;
                                if (ih < H + d.pad_bottom && iw < W + d.pad_right) ++padded;
                                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                                const double v = nhwc ? src[((n * H + ih) * W + iw) * C + c] : src[((n * C + c) * H + ih) * W + iw];
                                sum += v;
                                best = std::max(best, v);
                                ++inside;
                            }
                        }
                        const double r = d.kind == FRUGAL_POOL_MAX ? best : sum / double(d.count_include_pad ? padded : inside);
                        dst[nhwc ? ((n * OH + oh) * OW + ow) * C + c : ((n * C + c) * OH + oh) * OW + ow] = (float)r;
                    }
        return FRUGAL_OK;
    }

private:
    Pool2dProblem p_;
};

}  // namespace

frugal_status ref_pool2d_create(const Pool2dProblem &p, const float *, const float *, std::shared_ptr<const Kernel> *out,
                                std::string *) {
    *out = std::make_shared<RefPool2d>(p);
    return FRUGAL_OK;
}

}  // namespace frugal
