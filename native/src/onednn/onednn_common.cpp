#include "onednn/onednn_common.h"

#include <cstdio>
#include <cstring>
#include <string>

#include "core/error.h"
#include "cpu/cpu_features.h"
#include "dispatch/impl_list.h"

namespace frugal::onednn {
namespace {

// oneDNN's ISA cap that matches ours. oneDNN has no scalar path; sse41 is its floor.
dnnl::cpu_isa to_onednn_isa(frugal_isa isa) {
    switch (isa) {
        case FRUGAL_ISA_SCALAR: return dnnl::cpu_isa::sse41;
        case FRUGAL_ISA_AVX2: return dnnl::cpu_isa::avx2;
        case FRUGAL_ISA_AVX512: return dnnl::cpu_isa::avx512_core;
        case FRUGAL_ISA_AVX512_VNNI: return dnnl::cpu_isa::avx512_core_vnni;
        default: return dnnl::cpu_isa::isa_default;
    }
}

dnnl::engine make_engine() {
    const frugal_cpu_info &info = cpu::info();
    if (info.effective_isa < info.detected_isa) {
        // Only possible before oneDNN made any primitive in this process; if someone else
        // used oneDNN first, its cap stays and we say so instead of failing.
        if (dnnl_set_max_cpu_isa(static_cast<dnnl_cpu_isa_t>(to_onednn_isa(info.effective_isa))) != dnnl_success)
            std::fprintf(stderr, "frugal: oneDNN was used before Frugal; FRUGAL_MAX_ISA=%s not applied to oneDNN\n",
                         info.max_isa_env);
    }
    return dnnl::engine(dnnl::engine::kind::cpu, 0);
}

}  // namespace

const dnnl::engine &engine() {
    static const dnnl::engine e = make_engine();
    return e;
}

bool eltwise_of(const frugal_activation &act, Eltwise *out) {
    using a = dnnl::algorithm;
    switch (act.kind) {
        case FRUGAL_ACT_RELU: *out = {a::eltwise_relu, act.alpha, 0.f}; return true;
        case FRUGAL_ACT_CLIP: *out = {a::eltwise_clip, act.alpha, act.beta}; return true;
        case FRUGAL_ACT_SIGMOID: *out = {a::eltwise_logistic, 0.f, 0.f}; return true;
        case FRUGAL_ACT_HARD_SIGMOID: *out = {a::eltwise_hardsigmoid, act.alpha, act.beta}; return true;
        case FRUGAL_ACT_HARD_SWISH: *out = {a::eltwise_hardswish, act.alpha, act.beta}; return true;
        case FRUGAL_ACT_TANH: *out = {a::eltwise_tanh, 0.f, 0.f}; return true;
        case FRUGAL_ACT_SQRT: *out = {a::eltwise_sqrt, 0.f, 0.f}; return true;
        // oneDNN's pow is alpha * x^beta: a scale of 1 and our alpha as the exponent.
        case FRUGAL_ACT_POW: *out = {a::eltwise_pow, 1.f, act.alpha}; return true;
        case FRUGAL_ACT_EXP: *out = {a::eltwise_exp, 0.f, 0.f}; return true;
        case FRUGAL_ACT_ABS: *out = {a::eltwise_abs, 0.f, 0.f}; return true;
        // oneDNN has no negation: linear is alpha * x + beta.
        case FRUGAL_ACT_NEG: *out = {a::eltwise_linear, -1.f, 0.f}; return true;
        default: return false;
    }
}

dnnl::primitive_attr make_attr(const frugal_activation &act) {
    dnnl::post_ops ops;
    if (Eltwise e; eltwise_of(act, &e)) ops.append_eltwise(e.algorithm, e.alpha, e.beta);
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    attr.set_post_ops(ops);
    return attr;
}

std::string impl_name(const dnnl::primitive_desc_base &pd) { return std::string("onednn:") + pd.impl_info_str(); }

dnnl::memory pack_constant(const dnnl::memory::desc &user_md, const dnnl::memory::desc &target_md, const void *data) {
    dnnl::stream stream(engine());
    dnnl::memory packed(target_md, engine());
    dnnl::memory user(user_md, engine(), const_cast<void *>(data));
    dnnl::reorder(user, packed).execute(stream, user, packed);
    stream.wait();
    return packed;
}

dnnl::memory unbound_memory(const dnnl::memory::desc &md) { return dnnl::memory(md, engine(), DNNL_MEMORY_NONE); }

dnnl::memory::desc dense_desc(const int64_t *dims, int rank) {
    dnnl::memory::dims v(dims, dims + rank);
    if (v.empty()) v.push_back(1);
    dnnl::memory::dims strides(v.size(), 1);
    for (size_t i = v.size() - 1; i > 0; --i) strides[i - 1] = strides[i] * v[i];
    return dnnl::memory::desc(v, dnnl::memory::data_type::f32, strides);
}

frugal_status run(const dnnl::stream &stream, const Call *calls, size_t count, const char *op) {
    for (size_t i = 0; i < count; ++i) {
        const Call &c = calls[i];
        dnnl_status_t s = dnnl_primitive_execute(c.primitive->get(), stream.get(), (int)c.args.size(), c.args.data());
        if (s != dnnl_success) return fail(FRUGAL_RUNTIME_ERROR, "%s: oneDNN execution failed with status %d", op, (int)s);
    }
    if (dnnl_status_t s = dnnl_stream_wait(stream.get()); s != dnnl_success)
        return fail(FRUGAL_RUNTIME_ERROR, "%s: oneDNN stream wait failed with status %d", op, (int)s);
    return FRUGAL_OK;
}

}  // namespace frugal::onednn

extern "C" const char *frugal_backend_versions(void) {
    static const std::string text = [] {
        const dnnl_version_t *v = dnnl_version();
        char buf[160];
        const bool has_hash = v->hash != nullptr && std::strcmp(v->hash, "N/A") != 0;
        std::snprintf(buf, sizeof buf, "oneDNN %d.%d.%d (%s%sCPU runtime %s)", v->major, v->minor, v->patch,
                      has_hash ? v->hash : "", has_hash ? ", " : "", v->cpu_runtime == DNNL_RUNTIME_OMP ? "OpenMP" : "other");
        return std::string(buf);
    }();
    return text.c_str();
}
