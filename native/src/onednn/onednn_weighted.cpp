#include "onednn/onednn_weighted.h"

#include <vector>

namespace frugal::onednn {
namespace {

using dnnl::memory;

struct State : ExecState {
    dnnl::stream stream;
    memory user_src, user_dst;  // bound to the caller's pointers on each execute
    memory scratchpad;
    std::vector<memory> buffers;  // reorder targets, kept alive here
    Call calls[3];
    size_t call_count = 0;
};

}  // namespace

WeightedPrimitiveKernel::WeightedPrimitiveKernel(const dnnl::primitive_desc_base &pd, memory weights, memory bias,
                                                 memory::desc user_src, memory::desc user_dst, const char *op,
                                                 ConstantArgs constants)
    : Kernel(impl_name(pd)),
      pd_(pd),
      primitive_(pd.get()),
      weights_(std::move(weights)),
      bias_(std::move(bias)),
      user_src_(user_src),
      user_dst_(user_dst),
      op_(op),
      constants_(std::move(constants)) {
    const auto &eng = engine();
    if (pd.src_desc() != user_src_)
        src_reorder_ = dnnl::reorder(dnnl::reorder::primitive_desc(eng, user_src_, eng, pd.src_desc()));
    if (pd.dst_desc() != user_dst_)
        dst_reorder_ = dnnl::reorder(dnnl::reorder::primitive_desc(eng, pd.dst_desc(), eng, user_dst_));
}

std::shared_ptr<const Kernel> WeightedPrimitiveKernel::pack(const dnnl::primitive_desc_base &pd,
                                                            const memory::desc &user_wei, const void *weights,
                                                            const memory::desc &bias_md, const float *bias,
                                                            memory::desc user_src, memory::desc user_dst,
                                                            const char *op, ConstantArgs constants) {
    memory packed = pack_constant(user_wei, pd.weights_desc(), weights);
    memory bias_mem = bias ? pack_constant(bias_md, bias_md, bias) : memory();
    return std::make_shared<WeightedPrimitiveKernel>(pd, std::move(packed), std::move(bias_mem), user_src, user_dst,
                                                     op, std::move(constants));
}

std::unique_ptr<ExecState> WeightedPrimitiveKernel::make_state() const {
    auto s = std::make_unique<State>();
    const auto &eng = engine();
    s->stream = dnnl::stream(eng);
    s->user_src = unbound_memory(user_src_);
    s->user_dst = unbound_memory(user_dst_);
    s->scratchpad = memory(pd_.scratchpad_desc(), eng);
    memory src = s->user_src, dst = s->user_dst;
    if (src_reorder_) {
        src = memory(pd_.src_desc(), eng);
        s->buffers.push_back(src);
        Call &c = s->calls[s->call_count++];
        c.primitive = &src_reorder_;
        c.add(DNNL_ARG_FROM, s->user_src);
        c.add(DNNL_ARG_TO, src);
    }
    if (dst_reorder_) {
        dst = memory(pd_.dst_desc(), eng);
        s->buffers.push_back(dst);
    }
    Call &c = s->calls[s->call_count++];
    c.primitive = &primitive_;
    c.add(DNNL_ARG_SRC, src);
    c.add(DNNL_ARG_WEIGHTS, weights_);
    if (bias_) c.add(DNNL_ARG_BIAS, bias_);
    c.add(DNNL_ARG_DST, dst);
    c.add(DNNL_ARG_SCRATCHPAD, s->scratchpad);
    for (const auto &[arg, mem] : constants_) c.add(arg, mem);
    if (dst_reorder_) {
        Call &r = s->calls[s->call_count++];
        r.primitive = &dst_reorder_;
        r.add(DNNL_ARG_FROM, dst);
        r.add(DNNL_ARG_TO, s->user_dst);
    }
    return s;
}

frugal_status WeightedPrimitiveKernel::execute(ExecState *state, const float *src, float *dst) const {
    auto *s = static_cast<State *>(state);
    s->user_src.set_data_handle(const_cast<float *>(src));
    s->user_dst.set_data_handle(dst);
    return run(s->stream, s->calls, s->call_count, op_);
}

}  // namespace frugal::onednn
