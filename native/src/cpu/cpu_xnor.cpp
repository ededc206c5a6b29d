// The "avx2:xnor" and "avx512:xnor" kernels of binary (XNOR) conv2d: the glue around
// kernels-cpu/src/xnor (xnor_conv.h says the arithmetic; results are bit-identical to ref:direct).
// At create: the packed weight bits re-laid in blocks of output channels
// ([groups][blocks][taps][words][block]), multiplier and bias in double, the padded-tap terms per
// block lane ([groups][blocks][taps][block]) (and thresholds for a BIT dst). Per handle
// (make_state, ops/bconv2d_exec.h): when groups > 1 and a group's channels do not fill whole
// words, scratch for the input repacked once per execute so that each group starts on a word (the
// tile code then reads whole words with no tail correction); with activation scaling, K per
// output pixel. execute allocates nothing. Serves every problem make_bconv2d_problem accepts.
// Built for the baseline ISA; only kernels-cpu/src/xnor/xnor_conv_<isa>.cpp is not.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cpu/conv_geometry_of.h"
#include "dispatch/bconv2d_list.h"
#include "ops/activation.h"
#include "ops/bconv2d_exec.h"
#include "xnor/xnor_conv.h"

namespace frugal {
namespace {

namespace k = kernels;

using RunFn = void (*)(const k::XnorConvParams &, const uint64_t *, void *);

class CpuXnor final : public Kernel {
public:
    CpuXnor(const char *name, int64_t block_oc, RunFn run, const BConv2dProblem &bp, const float *bias)
        : Kernel(name), run_(run), bp_(bp), repack_(!bp.groups_on_words()) {
        bp_.wbits = nullptr;  // valid only during create
        bp_.multiplier = nullptr;
        bp_.pad_dot = nullptr;
        bp_.threshold = nullptr;
        const frugal_conv2d_desc &d = bp.conv.d;
        k::XnorConvParams &p = p_;
        p = k::XnorConvParams{};
        static_cast<k::ConvGeometry &>(p) = conv_geometry_of(bp.conv);
        // A repacked input has groups * group_words words per pixel, each group's bits past icg zero.
        p.words = repack_ ? d.groups * bp.group_words : bp.words;
        p.group_words = bp.group_words;
        p.icg = bp.conv.ic_per_group();
        p.ocg = bp.conv.oc_per_group();
        p.ignored = repack_ ? 0 : ~bp.last_mask();
        p.block_oc = block_oc;
        p.oc_blocks = (p.ocg + block_oc - 1) / block_oc;
        p.act = d.activation;
        p.activation = apply_activation_fn;
        const int64_t T = bp.taps, gw = bp.group_words, padded = p.groups * p.oc_blocks * block_oc;
        weights_.assign((size_t)(padded * T * gw), 0);
        mult_.assign((size_t)padded, 0.0);
        bias_.assign((size_t)padded, 0.0);
        p.dst_bit = bp.dst_bit;
        p.out_words = bp.out_words;
        if (bp.dst_bit) threshold_.assign((size_t)padded, 0.0);
        if (bp.pad_mode != FRUGAL_BPAD_ZERO) pad_.assign((size_t)(padded * T), 0);
        for (int64_t g = 0; g < p.groups; ++g)
            for (int64_t j = 0; j < p.ocg; ++j) {
                const int64_t oc = g * p.ocg + j, b = j / block_oc, lane = j % block_oc;
                const int64_t at = (g * p.oc_blocks + b) * block_oc + lane;
                mult_[(size_t)at] = (double)bp.multiplier[oc];
                bias_[(size_t)at] = bias ? (double)bias[oc] : 0.0;
                if (bp.dst_bit) threshold_[(size_t)at] = (double)bp.threshold[oc];
                uint64_t *blk = weights_.data() + (g * p.oc_blocks + b) * T * gw * block_oc;
                for (int64_t t = 0; t < T; ++t)
                    for (int64_t w = 0; w < gw; ++w)
                        blk[(t * gw + w) * block_oc + lane] = bp.wbits[(oc * T + t) * gw + w];
                if (!pad_.empty())
                    for (int64_t t = 0; t < T; ++t)
                        pad_[(size_t)(((g * p.oc_blocks + b) * T + t) * block_oc + lane)] = bp.pad_dot[oc * T + t];
            }
        p.weights = weights_.data();
        p.mult = mult_.data();
        p.bias = bias_.data();
        p.pad_dot = pad_.empty() ? nullptr : pad_.data();
        p.threshold = threshold_.empty() ? nullptr : threshold_.data();
        p.k_scale = nullptr;
    }

    std::unique_ptr<ExecState> make_state() const override { return make_bconv2d_state(bp_, repack_); }

    frugal_status execute(ExecState *state, const float *src, float *dst) const override {
        return run(state, src, nullptr, dst);
    }

    frugal_status execute_binary(ExecState *state, const float *src, const float *mean_abs, float *dst) const override {
        return run(state, src, mean_abs, dst);
    }

private:
    // src: the untyped packed words of frugal_bconv2d_execute(_scaled) (ops/kernel.h).
    frugal_status run(ExecState *state, const float *src_f, const float *mean_abs, float *dst) const {
        if (frugal_status s = bconv2d_check_scaling(bp_, mean_abs); s != FRUGAL_OK) return s;
        BConv2dState &st = *static_cast<BConv2dState *>(state);
        const uint64_t *src = static_cast<const uint64_t *>(static_cast<const void *>(src_f));
        k::XnorConvParams p = p_;  // this call's K; the rest is fixed at create
        if (repack_) {
            bconv2d_repack_groups(bp_, src, st.repacked.data());
            src = st.repacked.data();
        }
        if (bp_.scaled) {
            bconv2d_k_scale(bp_, mean_abs, st.k.data());
            p.k_scale = st.k.data();
        }
        run_(p, src, static_cast<void *>(dst));
        return FRUGAL_OK;
    }

    k::XnorConvParams p_;
    RunFn run_;
    BConv2dProblem bp_;
    bool repack_;  // groups > 1 with groups off word boundaries: repack the input per execute
    std::vector<uint64_t> weights_;
    std::vector<double> mult_, bias_, threshold_;
    std::vector<int64_t> pad_;
};

}  // namespace

frugal_status avx2_bconv2d_create(const BConv2dProblem &p, const float *, const float *bias,
                                  std::shared_ptr<const Kernel> *out, std::string *) {
    *out = std::make_shared<CpuXnor>("avx2:xnor", k::kXnorBlockOcAvx2, k::xnor_conv_avx2, p, bias);
    return FRUGAL_OK;
}

frugal_status avx512_bconv2d_create(const BConv2dProblem &p, const float *, const float *bias,
                                    std::shared_ptr<const Kernel> *out, std::string *) {
    *out = std::make_shared<CpuXnor>("avx512:xnor", k::kXnorBlockOcAvx512, k::xnor_conv_avx512, p, bias);
    return FRUGAL_OK;
}

}  // namespace frugal
