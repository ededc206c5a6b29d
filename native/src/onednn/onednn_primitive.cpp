#include "onednn/onednn_primitive.h"

#include "core/error.h"

namespace frugal::onednn {
namespace {

struct State : ExecState {
    dnnl::stream stream;
    std::vector<dnnl::memory> inputs;
    dnnl::memory dst, scratchpad;
    Call call;
};

}  // namespace

PrimitiveKernel::PrimitiveKernel(const dnnl::primitive_desc_base &pd, std::vector<std::pair<int, dnnl::memory::desc>> inputs,
                                 dnnl::memory::desc dst, const char *op)
    : Kernel(impl_name(pd)), pd_(pd), primitive_(pd.get()), inputs_(std::move(inputs)), dst_(dst), op_(op) {}

std::unique_ptr<ExecState> PrimitiveKernel::make_state() const {
    auto s = std::make_unique<State>();
    s->stream = dnnl::stream(engine());
    s->call.primitive = &primitive_;
    for (const auto &[arg, md] : inputs_) {
        s->inputs.push_back(unbound_memory(md));
        s->call.add(arg, s->inputs.back());
    }
    s->dst = unbound_memory(dst_);
    s->call.add(DNNL_ARG_DST, s->dst);
    s->scratchpad = dnnl::memory(pd_.scratchpad_desc(), engine());
    s->call.add(DNNL_ARG_SCRATCHPAD, s->scratchpad);
    return s;
}

frugal_status PrimitiveKernel::run_with(ExecState *state, const float *const *srcs, size_t count, float *dst) const {
    auto *s = static_cast<State *>(state);
    if (count != s->inputs.size())
        return fail(FRUGAL_RUNTIME_ERROR, "%s: kernel takes %zu inputs, got %zu", op_, s->inputs.size(), count);
    for (size_t i = 0; i < count; ++i) s->inputs[i].set_data_handle(const_cast<float *>(srcs[i]));
    s->dst.set_data_handle(dst);
    return run(s->stream, &s->call, 1, op_);
}

frugal_status PrimitiveKernel::execute(ExecState *state, const float *src, float *dst) const {
    return run_with(state, &src, 1, dst);
}

frugal_status PrimitiveKernel::execute_binary(ExecState *state, const float *src0, const float *src1, float *dst) const {
    const float *srcs[] = {src0, src1};
    return run_with(state, srcs, 2, dst);
}

frugal_status PrimitiveKernel::execute_many(ExecState *state, const float *const *srcs, size_t count, float *dst) const {
    return run_with(state, srcs, count, dst);
}

}  // namespace frugal::onednn
