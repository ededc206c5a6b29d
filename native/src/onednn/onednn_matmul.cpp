// fp32 matrix multiply through oneDNN with constant weights, reordered once at create into the
// layout the chosen implementation wants. src and dst are row-major and used in place.
#include <memory>

#include "dispatch/matmul_list.h"
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

class OnednnMatmul final : public Kernel {
public:
    OnednnMatmul(const dnnl::matmul::primitive_desc &pd, memory weights, memory bias)
        : Kernel(onednn::impl_name(pd)), pd_(pd), matmul_(pd), weights_(std::move(weights)), bias_(std::move(bias)) {}

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
        return s;
    }

    frugal_status execute(ExecState *state, const float *src, float *dst) const override {
        auto *s = static_cast<State *>(state);
        s->src.set_data_handle(const_cast<float *>(src));
        s->dst.set_data_handle(dst);
        return onednn::run(s->stream, &s->call, 1, "matmul");
    }

private:
    dnnl::matmul::primitive_desc pd_;
    dnnl::matmul matmul_;
    memory weights_, bias_;
};

}  // namespace

frugal_status onednn_matmul_create(const MatmulProblem &p, const float *weights, const float *bias,
                                   std::shared_ptr<const Kernel> *out, std::string *why) {
    const frugal_matmul_desc &d = p.d;
    const auto &eng = onednn::engine();
    const auto f32 = memory::data_type::f32;
    memory::desc src({d.batch, d.m, d.k}, f32, tag::abc);
    memory::desc dst({d.batch, d.m, d.n}, f32, tag::abc);
    // One weight matrix broadcast over the batch; [N, K] storage is (K, N) with swapped strides.
    memory::desc user_wei({1, d.k, d.n}, f32, d.weights_transposed ? tag::acb : tag::abc);
    memory::desc wei_any({1, d.k, d.n}, f32, tag::any);
    memory::desc bias_md = bias ? memory::desc({1, 1, d.n}, f32, tag::abc) : memory::desc();

    dnnl::primitive_attr attr = onednn::make_attr(d.activation);
    dnnl::matmul::primitive_desc pd(eng, src, wei_any, bias_md, dst, attr, /*allow_empty=*/true);
    if (!pd) {
        *why = "oneDNN has no implementation for this matmul";
        return FRUGAL_UNIMPLEMENTED;
    }

    memory packed = onednn::pack_constant(user_wei, pd.weights_desc(), weights);
    memory bias_mem = bias ? onednn::pack_constant(bias_md, bias_md, bias) : memory();
    *out = std::make_shared<OnednnMatmul>(pd, std::move(packed), std::move(bias_mem));
    return FRUGAL_OK;
}

}  // namespace frugal
