// Reference binary (XNOR) 2-D convolution: exactly the arithmetic frugal.h states, in plain loops.
//   dot[n, oh, ow, oc] = sum over valid taps of (K - 2 * popcount((x XOR w) & mask)), K = IC/groups,
//                        x the group's bits read from bit g * K of the pixel (across words),
//                        plus pad_dot[oc][tap] for each tap outside the input (0 for BPAD_ZERO)
//   v = (double) multiplier[oc] * dot, times K[n, oh, ow] (ops/bconv2d_exec.h) with activation
//       scaling, plus (double) bias[oc] (0.0 without bias)
//   y = (float) act(v), or for a BIT dst bit = v < (double) threshold[oc]
// The truth the xnor kernels must equal bit for bit, and the fallback that serves every shape.
#include <cstdint>
#include <memory>
#include <vector>

#include "dispatch/bconv2d_list.h"
#include "ops/activation.h"
#include "ops/bconv2d_exec.h"

namespace frugal {
namespace {

class RefBConv2d final : public Kernel {
public:
    RefBConv2d(const BConv2dProblem &p, const float *bias)
        : Kernel("ref:direct"), p_(p), bits_(p.wbits, p.wbits + p.conv.d.out_channels * p.taps * p.group_words),
          mult_(p.multiplier, p.multiplier + p.conv.d.out_channels),
          pad_(p.pad_dot, p.pad_dot + p.conv.d.out_channels * p.taps),
          bias_(bias ? std::vector<float>(bias, bias + p.conv.d.out_channels) : std::vector<float>()),
          threshold_(p.dst_bit ? std::vector<float>(p.threshold, p.threshold + p.conv.d.out_channels) : std::vector<float>()) {
        p_.wbits = nullptr;  // valid only during create; the copies above are ours
        p_.multiplier = nullptr;
        p_.pad_dot = nullptr;
        p_.threshold = nullptr;
    }

    std::unique_ptr<ExecState> make_state() const override { return make_bconv2d_state(p_, false); }

    frugal_status execute(ExecState *state, const float *src_f, float *dst) const override {
        return run(state, src_f, nullptr, dst);
    }

    frugal_status execute_binary(ExecState *state, const float *src_f, const float *mean_abs, float *dst) const override {
        return run(state, src_f, mean_abs, dst);
    }

private:
    frugal_status run(ExecState *state, const float *src_f, const float *mean_abs, float *dst) const {
        if (frugal_status s = bconv2d_check_scaling(p_, mean_abs); s != FRUGAL_OK) return s;
        double *kscale = nullptr;
        if (p_.scaled) {
            kscale = static_cast<BConv2dState *>(state)->k.data();
            bconv2d_k_scale(p_, mean_abs, kscale);
        }
        uint64_t *dst_bits = reinterpret_cast<uint64_t *>(static_cast<void *>(dst));
        const uint64_t *src = reinterpret_cast<const uint64_t *>(static_cast<const void *>(src_f));
        const frugal_conv2d_desc &d = p_.conv.d;
        const int64_t icg = p_.conv.ic_per_group(), ocg = p_.conv.oc_per_group();
        const int64_t OH = p_.conv.out_h, OW = p_.conv.out_w, OC = d.out_channels;
        const int64_t W = p_.words, GW = p_.group_words, T = p_.taps;
        const uint64_t mask = p_.group_mask();
#pragma omp parallel for collapse(2) schedule(static)
        for (int64_t n = 0; n < d.batch; ++n)
            for (int64_t oh = 0; oh < OH; ++oh)
                for (int64_t ow = 0; ow < OW; ++ow) {
                    const int64_t pixel = (n * OH + oh) * OW + ow;
                    if (p_.dst_bit)
                        for (int64_t j = 0; j < p_.out_words; ++j) dst_bits[pixel * p_.out_words + j] = 0;
                    for (int64_t oc = 0; oc < OC; ++oc) {
                        const int64_t g = oc / ocg;
                        int64_t dot = 0;
                        for (int64_t kh = 0; kh < d.kernel_h; ++kh)
                            for (int64_t kw = 0; kw < d.kernel_w; ++kw) {
                                const int64_t t = kh * d.kernel_w + kw;
                                const int64_t ih = oh * d.stride_h - d.pad_top + kh * d.dilation_h;
                                const int64_t iw = ow * d.stride_w - d.pad_left + kw * d.dilation_w;
                                if (ih < 0 || ih >= d.in_h || iw < 0 || iw >= d.in_w) {
                                    dot += pad_[(size_t)(oc * T + t)];
                                    continue;
                                }
                                const uint64_t *x = src + ((n * d.in_h + ih) * d.in_w + iw) * W;
                                const uint64_t *w = bits_.data() + (oc * T + t) * GW;
                                int64_t pc = 0;
                                for (int64_t j = 0; j < GW; ++j) {
                                    uint64_t v = bconv2d_group_word(x, W, g * icg + 64 * j) ^ w[j];
                                    if (j == GW - 1) v &= mask;  // past the group: its tail, or the next group
                                    pc += __builtin_popcountll(v);
                                }
                                dot += icg - 2 * pc;
                            }
                        double v = (double)mult_[(size_t)oc] * (double)dot;
                        if (kscale != nullptr) v = v * kscale[pixel];
                        v = v + (bias_.empty() ? 0.0 : (double)bias_[(size_t)oc]);
                        if (p_.dst_bit) {
                            if (v < (double)threshold_[(size_t)oc])
                                dst_bits[pixel * p_.out_words + oc / 64] |= uint64_t(1) << (oc % 64);
                        } else {
                            dst[pixel * OC + oc] = (float)apply_activation(d.activation, v);
                        }
                    }
                }
        return FRUGAL_OK;
    }

    BConv2dProblem p_;
    std::vector<uint64_t> bits_;
    std::vector<float> mult_;
    std::vector<int32_t> pad_;
    std::vector<float> bias_, threshold_;
};

}  // namespace

frugal_status ref_bconv2d_create(const BConv2dProblem &p, const float *, const float *bias,
                                 std::shared_ptr<const Kernel> *out, std::string *) {
    *out = std::make_shared<RefBConv2d>(p, bias);
    return FRUGAL_OK;
}

}  // namespace frugal
