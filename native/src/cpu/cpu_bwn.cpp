// The "avx2:bwn" and "avx512:bwn" kernels of binary-weight conv2d: the glue around
// kernels-cpu/src/bwn (bwn_conv.h says the arithmetic). At create the sign bits are re-laid as
// one mask per (block of output channels, tap, input channel of the group), bit l = lane l of the
// block is -1 (16-bit masks for AVX2's 16-channel blocks, 32-bit for AVX-512's 32), and the
// multiplier and bias padded to whole blocks. Blocks lie within a group, or for a depthwise
// convolution across groups (consecutive channels). No scratch: execute allocates nothing.
// Serves every problem make_bwconv2d_problem accepts. Built for the baseline ISA; only
// bwn_conv_<isa>.cpp is not.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bwn/bwn_conv.h"
#include "cpu/conv_geometry_of.h"
#include "dispatch/bwconv2d_list.h"
#include "ops/activation.h"

namespace frugal {
namespace {

namespace k = kernels;

using RunFn = void (*)(const k::BwnConvParams &, const float *, float *);

template <typename Mask>
class CpuBwn final : public Kernel {
public:
    CpuBwn(const char *name, RunFn run, const BWConv2dProblem &bp, const float *bias) : Kernel(name), run_(run) {
        constexpr int64_t BO = 8 * sizeof(Mask);
        const frugal_conv2d_desc &d = bp.conv.d;
        k::BwnConvParams &p = p_;
        p = k::BwnConvParams{};
        static_cast<k::ConvGeometry &>(p) = conv_geometry_of(bp.conv);
        p.icg = bp.conv.ic_per_group();
        p.ocg = bp.conv.oc_per_group();
        p.oc_blocks = (p.ocg + BO - 1) / BO;
        // Depthwise: blocks of consecutive channels (bwn_conv.h), else blocks within each group.
        p.depthwise = p.icg == 1 && p.ocg == 1;
        p.blocks = p.depthwise ? (p.out_c + BO - 1) / BO : p.groups * p.oc_blocks;
        p.act = d.activation;
        p.activation = apply_activation_fn;
        const int64_t T = bp.taps;
        // Lanes past the channels stay +1 (never stored); the padding is read by AVX2's 32-bit mask loads.
        masks_.assign((size_t)(p.blocks * T * p.icg) + 4 / sizeof(Mask), 0);
        alpha_.assign((size_t)(p.blocks * BO), 0.f);
        bias_.assign((size_t)(p.blocks * BO), 0.f);
        for (int64_t oc = 0; oc < p.out_c; ++oc) {
            const int64_t j = oc % p.ocg;  // within its group
            const int64_t blk = p.depthwise ? oc / BO : (oc / p.ocg) * p.oc_blocks + j / BO;
            const int64_t lane = p.depthwise ? oc % BO : j % BO;
            alpha_[(size_t)(blk * BO + lane)] = bp.multiplier[oc];
            bias_[(size_t)(blk * BO + lane)] = bias ? bias[oc] : 0.f;
            Mask *m = masks_.data() + blk * T * p.icg;
            for (int64_t t = 0; t < T; ++t)
                for (int64_t ic = 0; ic < p.icg; ++ic)
                    if (bp.negative(oc, t, ic)) m[t * p.icg + ic] |= (Mask)(Mask(1) << lane);
        }
        p.masks = masks_.data();
        p.alpha = alpha_.data();
        p.bias = bias_.data();
    }

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    frugal_status execute(ExecState *, const float *src, float *dst) const override {
        run_(p_, src, dst);
        return FRUGAL_OK;
    }

private:
    k::BwnConvParams p_;
    RunFn run_;
    std::vector<Mask> masks_;
    std::vector<float> alpha_, bias_;
};

}  // namespace

frugal_status avx2_bwconv2d_create(const BWConv2dProblem &p, const float *, const float *bias,
                                   std::shared_ptr<const Kernel> *out, std::string *) {
    static_assert(8 * sizeof(k::BwnMaskAvx2) == k::kBwnBlockOcAvx2, "one mask bit per block lane");
    *out = std::make_shared<CpuBwn<k::BwnMaskAvx2>>("avx2:bwn", k::bwn_conv_avx2, p, bias);
    return FRUGAL_OK;
}

frugal_status avx512_bwconv2d_create(const BWConv2dProblem &p, const float *, const float *bias,
                                     std::shared_ptr<const Kernel> *out, std::string *) {
    static_assert(8 * sizeof(k::BwnMaskAvx512) == k::kBwnBlockOcAvx512, "one mask bit per block lane");
    *out = std::make_shared<CpuBwn<k::BwnMaskAvx512>>("avx512:bwn", k::bwn_conv_avx512, p, bias);
    return FRUGAL_OK;
}

}  // namespace frugal
