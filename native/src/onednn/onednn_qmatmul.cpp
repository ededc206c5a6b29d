// int8 matrix multiply through oneDNN: u8/s8 src [batch, m, k], s8 weights (quantized by the C
// entry, reordered once into the implementation's layout), f32 bias, the activation as an
// eltwise post-op, f32/u8/s8 dst. Scales as in onednn_qconv2d.cpp: masks in the attributes
// (src 0, weights per column n: bit 2 of {1, k, n}, dst 0 for an int8 dst), values as constant
// memory bound once as DNNL_ARG_ATTR_SCALES | arg. Declines below AVX-512 VNNI for the reason
// onednn_qconv2d.cpp gives (oneDNN documents the same u8 x s8 saturation for its int8 GEMM).
#include <memory>
#include <utility>
#include <vector>

#include "cpu/cpu_features.h"
#include "dispatch/qmatmul_list.h"
#include "onednn/onednn_common.h"

namespace frugal {
namespace {

using dnnl::memory;
using tag = memory::format_tag;

struct State : ExecState {
    dnnl::stream stream;
    memory src, dst, scratchpad;
    onednn::Call call;
};

class OnednnQMatmul final : public Kernel {
public:
    OnednnQMatmul(const dnnl::matmul::primitive_desc &pd, memory weights, memory bias,
                  std::vector<std::pair<int, memory>> constants)
        : Kernel(onednn::impl_name(pd)), pd_(pd), matmul_(pd), weights_(std::move(weights)), bias_(std::move(bias)),
          constants_(std::move(constants)) {}

    std::unique_ptr<ExecState> make_state() const override {
        auto s = std::make_unique<State>();
        s->stream = dnnl::stream(onednn::engine());
        s->src = onednn::unbound_memory(pd_.src_desc());
        s->dst = onednn::unbound_memory(pd_.dst_desc());
        s->scratchpad = memory(pd_.scratchpad_desc(), onednn::engine());
        s->call.primitive = &matmul_;
        s->call.add(DNNL_ARG_SRC, s->src);
        s->call.add(DNNL_ARG_WEIGHTS, weights_);
        if (bias_) s->call.add(DNNL_ARG_BIAS, bias_);
        s->call.add(DNNL_ARG_DST, s->dst);
        s->call.add(DNNL_ARG_SCRATCHPAD, s->scratchpad);
        for (const auto &[arg, mem] : constants_) s->call.add(arg, mem);
        return s;
    }

    frugal_status execute(ExecState *state, const float *src, float *dst) const override {
        auto *s = static_cast<State *>(state);
        s->src.set_data_handle(const_cast<float *>(src));  // untyped buffers (ops/kernel.h)
        s->dst.set_data_handle(dst);
        return onednn::run(s->stream, &s->call, 1, "qmatmul");
    }

private:
    dnnl::matmul::primitive_desc pd_;
    dnnl::matmul matmul_;
    memory weights_, bias_;
    std::vector<std::pair<int, memory>> constants_;
};

memory::data_type onednn_type(frugal_dtype t) {
    switch (t) {
        case FRUGAL_U8: return memory::data_type::u8;
        case FRUGAL_S8: return memory::data_type::s8;
        default: return memory::data_type::f32;
    }
}

memory scales_memory(const float *values, int64_t count) {
    memory::desc md({count}, memory::data_type::f32, tag::x);
    return onednn::pack_constant(md, md, values);
}

}  // namespace

frugal_status onednn_qmatmul_create(const QMatmulProblem &qp, const float *, const float *bias,
                                    std::shared_ptr<const Kernel> *out, std::string *why) {
    const frugal_matmul_desc &d = qp.mm.d;
    const auto &eng = onednn::engine();
    const auto f32 = memory::data_type::f32, s8 = memory::data_type::s8;
    memory::desc src({d.batch, d.m, d.k}, onednn_type(qp.src_dtype), tag::abc);
    memory::desc dst({d.batch, d.m, d.n}, onednn_type(qp.dst_dtype), tag::abc);
    memory::desc user_wei({1, d.k, d.n}, s8, d.weights_transposed ? tag::acb : tag::abc);
    memory::desc wei_any({1, d.k, d.n}, s8, tag::any);
    memory::desc bias_md = bias ? memory::desc({1, 1, d.n}, f32, tag::abc) : memory::desc();

    dnnl::primitive_attr attr = onednn::make_attr(d.activation);
    attr.set_scales_mask(DNNL_ARG_SRC, 0);
    attr.set_scales_mask(DNNL_ARG_WEIGHTS, 1 << 2);  // one scale per n
    if (qp.dst_is_int8()) attr.set_scales_mask(DNNL_ARG_DST, 0);
    dnnl::matmul::primitive_desc pd(eng, src, wei_any, bias_md, dst, attr, /*allow_empty=*/true);
    if (!pd) {
        *why = "oneDNN has no int8 implementation for this matmul";
        return FRUGAL_UNIMPLEMENTED;
    }
    if (cpu::effective_isa() < FRUGAL_ISA_AVX512_VNNI) {
        *why = "oneDNN chose " + std::string(pd.impl_info_str()) + ", and without VNNI (effective ISA " +
               frugal_isa_name(cpu::effective_isa()) +
               ") oneDNN's int8 kernels saturate u8 x s8 pair sums to 16 bits (vpmaddubsw): not the stated int8 "
               "arithmetic";
        return FRUGAL_UNIMPLEMENTED;
    }

    std::vector<std::pair<int, memory>> scales;
    scales.emplace_back(DNNL_ARG_ATTR_SCALES | DNNL_ARG_SRC, scales_memory(&qp.src_scale, 1));
    scales.emplace_back(DNNL_ARG_ATTR_SCALES | DNNL_ARG_WEIGHTS, scales_memory(qp.weight_scales, d.n));
    if (qp.dst_is_int8()) scales.emplace_back(DNNL_ARG_ATTR_SCALES | DNNL_ARG_DST, scales_memory(&qp.dst_scale, 1));
    memory packed = onednn::pack_constant(user_wei, pd.weights_desc(), qp.qweights);
    memory bias_mem = bias ? onednn::pack_constant(bias_md, bias_md, bias) : memory();
    *out = std::make_shared<OnednnQMatmul>(pd, std::move(packed), std::move(bias_mem), std::move(scales));
    return FRUGAL_OK;
}

}  // namespace frugal
