// fp32 reductions through oneDNN's reduction primitive on the caller's dense tensors (dst has the
// src's rank with the reduced axes of extent 1, which is how oneDNN states the reduced axes).
// Every ONNX kind maps: L2 is norm_lp_sum and SumSquare norm_lp_power_p_sum, both with p = 2 and
// eps = 0 (oneDNN adds eps to the sum). oneDNN refuses a reduction whose dst equals its src
// (only extent-1 axes reduced): that declines, and ref serves it.
#include <memory>

#include "dispatch/reduce_list.h"
#include "onednn/onednn_primitive.h"

namespace frugal {
namespace {

struct Alg {
    dnnl::algorithm algorithm;
    float p;  // the norm's power; unused (0) by the other algorithms
};

Alg alg_of(frugal_reduce_kind kind) {
    using a = dnnl::algorithm;
    switch (kind) {
        case FRUGAL_REDUCE_MEAN: return {a::reduction_mean, 0.f};
        case FRUGAL_REDUCE_SUM: return {a::reduction_sum, 0.f};
        case FRUGAL_REDUCE_MAX: return {a::reduction_max, 0.f};
        case FRUGAL_REDUCE_MIN: return {a::reduction_min, 0.f};
        case FRUGAL_REDUCE_PROD: return {a::reduction_mul, 0.f};
        case FRUGAL_REDUCE_L2: return {a::reduction_norm_lp_sum, 2.f};
        default: return {a::reduction_norm_lp_power_p_sum, 2.f};  // FRUGAL_REDUCE_SUM_SQUARE
    }
}

}  // namespace

frugal_status onednn_reduce_create(const ReduceProblem &p, const float *, const float *, std::shared_ptr<const Kernel> *out,
                                   std::string *why) {
    using dnnl::memory;
    if (p.src_elems == p.dst_elems) {
        *why = "oneDNN refuses a reduction over extent-1 axes only (dst equals src)";
        return FRUGAL_UNIMPLEMENTED;
    }
    const memory::desc src = onednn::dense_desc(p.d.dims, p.d.rank), dst = onednn::dense_desc(p.out, p.d.rank);
    const Alg alg = alg_of(p.d.kind);
    dnnl::reduction::primitive_desc pd(onednn::engine(), alg.algorithm, src, dst, alg.p, /*eps=*/0.f,
                                       onednn::make_attr({FRUGAL_ACT_NONE, 0.f, 0.f}), /*allow_empty=*/true);
    if (!pd) {
        *why = "oneDNN has no implementation for this reduction";
        return FRUGAL_UNIMPLEMENTED;
    }
    *out = std::make_shared<onednn::PrimitiveKernel>(pd, std::vector<std::pair<int, memory::desc>>{{DNNL_ARG_SRC, src}}, dst,
                                                     "reduce");
    return FRUGAL_OK;
}

}  // namespace frugal
