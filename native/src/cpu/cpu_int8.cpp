// The "avx2:int8_s16" and "avx512:int8_s16" kernels of int8 conv2d and matmul: the glue around
// kernels-cpu/src/int8 (int8_conv.h says the arithmetic; results are bit-identical to ref:direct).
// At create: the quantized weights widened to s16 and packed in blocks of output channels
// ([groups][blocks][k pairs][block][2]), the per-channel scale and bias in double. make_state
// allocates the per-thread im2col scratch, so execute allocates nothing. A matmul is a 1x1 NHWC
// convolution over its batch * m rows. Serves every shape and layout (NCHW gathers and stores
// strided) but depthwise convolutions (one input and one output channel per group), which it
// declines (cpu/cpu_int8_dw.cpp serves them in NHWC, ref:direct in NCHW); activations other than
// none, relu, clip, hard sigmoid and hard swish go through apply_activation per element.
// Built for the baseline ISA; only kernels-cpu/src/int8/int8_conv_<isa>.cpp is not.
#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cpu/conv_geometry_of.h"
#include "dispatch/qconv2d_list.h"
#include "dispatch/qmatmul_list.h"
#include "int8/int8_conv.h"
#include "ops/activation.h"

namespace frugal {
namespace {

namespace k = kernels;

using RunFn = void (*)(const k::Int8ConvParams &, int16_t *, int, const void *, void *);

struct Isa {
    const char *name;
    int64_t block_oc, tile_rows;
    RunFn run;
};
constexpr Isa kAvx2{"avx2:int8_s16", k::kInt8BlockOcAvx2, k::kInt8TileRowsAvx2, k::int8_conv_avx2};
constexpr Isa kAvx512{"avx512:int8_s16", k::kInt8BlockOcAvx512, k::kInt8TileRowsAvx512, k::int8_conv_avx512};

// Widened-im2col bytes a thread's pixel block may take: the block stays in L2 beside the
// weights of one channel block.
constexpr int64_t kScratchBytes = 192 * 1024;

struct Scratch final : ExecState {
    std::vector<int16_t> buffer;
    int16_t *aligned = nullptr;
    int threads = 1;
};

class CpuInt8 final : public Kernel {
public:
    // qw(oc, k): the quantized weight of output channel oc (0..out_c) at reduction index k of
    // its group, k = (kh * kernel_w + kw) * ic_per_group + ic.
    template <typename WeightAt>
    CpuInt8(const Isa &isa, k::Int8ConvParams p, frugal_dtype src, frugal_dtype dst, float src_scale,
            float dst_scale, const float *weight_scales, const float *bias, WeightAt qw)
        : Kernel(isa.name), p_(p), run_(isa.run) {
        const int64_t ocg = p_.out_c / p_.groups, icg = p_.in_c / p_.groups;
        p_.src_signed = src == FRUGAL_S8;
        p_.epi.dst = dst == FRUGAL_F32 ? k::kInt8DstF32 : dst == FRUGAL_U8 ? k::kInt8DstU8 : k::kInt8DstS8;
        p_.epi.dst_scale = (double)dst_scale;
        p_.block_oc = isa.block_oc;
        p_.oc_blocks = (ocg + isa.block_oc - 1) / isa.block_oc;
        p_.k = p_.kernel_h * p_.kernel_w * icg;
        p_.k_pairs = (p_.k + 1) / 2;
        p_.lda = (2 * p_.k_pairs + 31) / 32 * 32;
        const int64_t fit = kScratchBytes / (p_.lda * (int64_t)sizeof(int16_t)) / isa.tile_rows * isa.tile_rows;
        p_.pixel_block = std::min(8 * isa.tile_rows, std::max(isa.tile_rows, fit));
        p_.epi.activation = apply_activation_fn;

        const int64_t padded = p_.groups * p_.oc_blocks * p_.block_oc;
        weights_.assign((size_t)(padded * p_.k_pairs * 2), 0);
        scale_.assign((size_t)padded, 1.0);
        bias_.assign((size_t)padded, 0.0);
        for (int64_t g = 0; g < p_.groups; ++g)
            for (int64_t j = 0; j < ocg; ++j) {
                const int64_t oc = g * ocg + j, b = j / p_.block_oc, lane = j % p_.block_oc;
                const int64_t at = g * p_.oc_blocks * p_.block_oc + j;
                scale_[at] = (double)src_scale * (double)weight_scales[oc];  // as the reference forms it
                bias_[at] = bias ? (double)bias[oc] : 0.0;
                int16_t *block = weights_.data() + (g * p_.oc_blocks + b) * p_.k_pairs * p_.block_oc * 2;
                for (int64_t kk = 0; kk < p_.k; ++kk) block[(kk / 2) * p_.block_oc * 2 + lane * 2 + kk % 2] = qw(oc, kk);
            }
        p_.weights = weights_.data();
        p_.scale = scale_.data();
        p_.bias = bias_.data();
    }

    std::unique_ptr<ExecState> make_state() const override {
        auto s = std::make_unique<Scratch>();
        s->threads = std::max(1, omp_get_max_threads());
        s->buffer.resize((size_t)(s->threads * p_.pixel_block * p_.lda + 32));
        const uintptr_t at = reinterpret_cast<uintptr_t>(s->buffer.data());
        s->aligned = s->buffer.data() + ((64 - at % 64) % 64) / sizeof(int16_t);
        return s;
    }

    frugal_status execute(ExecState *state, const float *src, float *dst) const override {
        // Untyped src/dst of frugal_qconv2d_execute / frugal_qmatmul_execute (ops/kernel.h).
        auto *s = static_cast<Scratch *>(state);
        run_(p_, s->aligned, s->threads, static_cast<const void *>(src), static_cast<void *>(dst));
        return FRUGAL_OK;
    }

private:
    k::Int8ConvParams p_;
    RunFn run_;
    std::vector<int16_t> weights_;
    std::vector<double> scale_, bias_;
};

frugal_status create_qconv2d(const Isa &isa, const QConv2dProblem &qp, const float *bias,
                             std::shared_ptr<const Kernel> *out, std::string *why) {
    const frugal_conv2d_desc &d = qp.conv.d;
    if (qp.conv.ic_per_group() == 1 && qp.conv.oc_per_group() == 1) {
        // Measured on Zen 3: 1.5x slower than ref:direct (a tile of one lane in 8 per group).
        *why = "depthwise (one input and one output channel per group): a channel tile would compute one lane";
        return FRUGAL_UNIMPLEMENTED;
    }
    k::Int8ConvParams p{};
    static_cast<k::ConvGeometry &>(p) = conv_geometry_of(qp.conv);
    p.nhwc = d.layout == FRUGAL_LAYOUT_NHWC;
    p.epi.act = d.activation;
    const int8_t *q = qp.qweights;  // [OC, ICg, KH, KW]
    const int64_t icg = qp.conv.ic_per_group(), kh = d.kernel_h, kw = d.kernel_w;
    auto qw = [&](int64_t oc, int64_t kk) -> int16_t {
        const int64_t ic = kk % icg, tap = kk / icg;
        return q[((oc * icg + ic) * kh + tap / kw) * kw + tap % kw];
    };
    *out = std::make_shared<CpuInt8>(isa, p, qp.src_dtype, qp.dst_dtype, qp.src_scale, qp.dst_scale, qp.weight_scales,
                                     bias, qw);
    return FRUGAL_OK;
}

frugal_status create_qmatmul(const Isa &isa, const QMatmulProblem &qp, const float *bias,
                             std::shared_ptr<const Kernel> *out) {
    const frugal_matmul_desc &d = qp.mm.d;
    k::Int8ConvParams p{};
    p.batch = 1;
    p.in_c = d.k;
    p.in_h = p.out_h = 1;
    p.in_w = p.out_w = d.batch * d.m;
    p.out_c = d.n;
    p.kernel_h = p.kernel_w = p.stride_h = p.stride_w = p.dilation_h = p.dilation_w = p.groups = 1;
    p.nhwc = true;
    p.epi.act = d.activation;
    const int8_t *q = qp.qweights;  // [k, n], or [n, k] transposed
    const int64_t K = d.k, N = d.n;
    const bool transposed = d.weights_transposed != 0;
    auto qw = [&](int64_t n, int64_t kk) -> int16_t { return transposed ? q[n * K + kk] : q[kk * N + n]; };
    *out = std::make_shared<CpuInt8>(isa, p, qp.src_dtype, qp.dst_dtype, qp.src_scale, qp.dst_scale, qp.weight_scales,
                                     bias, qw);
    return FRUGAL_OK;
}

}  // namespace

frugal_status avx2_qconv2d_create(const QConv2dProblem &p, const float *, const float *bias,
                                  std::shared_ptr<const Kernel> *out, std::string *why) {
    return create_qconv2d(kAvx2, p, bias, out, why);
}

frugal_status avx512_qconv2d_create(const QConv2dProblem &p, const float *, const float *bias,
                                    std::shared_ptr<const Kernel> *out, std::string *why) {
    return create_qconv2d(kAvx512, p, bias, out, why);
}

frugal_status avx2_qmatmul_create(const QMatmulProblem &p, const float *, const float *bias,
                                  std::shared_ptr<const Kernel> *out, std::string *) {
    return create_qmatmul(kAvx2, p, bias, out);
}

frugal_status avx512_qmatmul_create(const QMatmulProblem &p, const float *, const float *bias,
                                    std::shared_ptr<const Kernel> *out, std::string *) {
    return create_qmatmul(kAvx512, p, bias, out);
}

}  // namespace frugal
