// The "avx2:xnor" and "avx512:xnor" kernels of binary (XNOR) conv2d: the glue around
// kernels-cpu/src/xnor (xnor_conv.h says the arithmetic; results are bit-identical to ref:direct).
// At create: the packed weight bits re-laid in blocks of output channels
// ([groups][blocks][taps][words][block]), multiplier and bias in double, the padded-tap terms per
// padded channel (and thresholds for a BIT dst). No scratch: execute allocates nothing. Serves every problem make_bconv2d_problem
// accepts. Built for the baseline ISA; only kernels-cpu/src/xnor/xnor_conv_<isa>.cpp is not.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dispatch/bconv2d_list.h"
#include "ops/activation.h"
#include "xnor/xnor_conv.h"

namespace frugal {
namespace {

namespace k = kernels;

using RunFn = void (*)(const k::XnorConvParams &, const uint64_t *, void *);

class CpuXnor final : public Kernel {
public:
    CpuXnor(const char *name, int64_t block_oc, RunFn run, const BConv2dProblem &bp, const float *bias)
        : Kernel(name), run_(run) {
        const frugal_conv2d_desc &d = bp.conv.d;
        k::XnorConvParams &p = p_;
        p = k::XnorConvParams{};
        p.batch = d.batch;
        p.in_h = d.in_h;
        p.in_w = d.in_w;
        p.out_c = d.out_channels;
        p.out_h = bp.conv.out_h;
        p.out_w = bp.conv.out_w;
        p.kernel_h = d.kernel_h;
        p.kernel_w = d.kernel_w;
        p.stride_h = d.stride_h;
        p.stride_w = d.stride_w;
        p.pad_top = d.pad_top;
        p.pad_left = d.pad_left;
        p.dilation_h = d.dilation_h;
        p.dilation_w = d.dilation_w;
        p.groups = d.groups;
        p.words = bp.words;
        p.group_words = bp.group_words;
        p.icg = bp.conv.ic_per_group();
        p.ocg = bp.conv.oc_per_group();
        p.ignored = ~bp.last_mask();
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
                    for (int64_t t = 0; t < T; ++t) pad_[(size_t)(at * T + t)] = bp.pad_dot[oc * T + t];
            }
        p.weights = weights_.data();
        p.mult = mult_.data();
        p.bias = bias_.data();
        p.pad_dot = pad_.empty() ? nullptr : pad_.data();
        p.threshold = threshold_.empty() ? nullptr : threshold_.data();
    }

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    frugal_status execute(ExecState *, const float *src, float *dst) const override {
        // Untyped src (packed words) of frugal_bconv2d_execute (ops/kernel.h).
        run_(p_, static_cast<const uint64_t *>(static_cast<const void *>(src)), static_cast<void *>(dst));
        return FRUGAL_OK;
    }

private:
    k::XnorConvParams p_;
    RunFn run_;
    std::vector<uint64_t> weights_;
    std::vector<double> mult_, bias_, threshold_;
    std::vector<int32_t> pad_;
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
