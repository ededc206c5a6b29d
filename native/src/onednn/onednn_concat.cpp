// fp32 concat through oneDNN's concat primitive, on the caller's dense tensors seen as
// [outer, axis_i, inner] and joined along axis 1; no reorders.
#include <memory>

#include "dispatch/concat_list.h"
#include "onednn/onednn_primitive.h"

namespace frugal {

frugal_status onednn_concat_create(const ConcatProblem &p, const float *, const float *, std::shared_ptr<const Kernel> *out,
                                   std::string *why) {
    using dnnl::memory;
    std::vector<memory::desc> srcs;
    std::vector<std::pair<int, memory::desc>> inputs;
    for (int i = 0; i < p.d.count; ++i) {
        srcs.emplace_back(memory::dims{p.outer, p.d.axis_dims[i], p.inner}, memory::data_type::f32, memory::format_tag::abc);
        inputs.emplace_back(DNNL_ARG_MULTIPLE_SRC + i, srcs.back());
    }
    memory::desc dst({p.outer, p.axis_total, p.inner}, memory::data_type::f32, memory::format_tag::abc);
    dnnl::concat::primitive_desc pd;
    try {
        pd = dnnl::concat::primitive_desc(onednn::engine(), dst, 1, srcs, onednn::make_attr({FRUGAL_ACT_NONE, 0.f, 0.f}));
    } catch (const dnnl::error &e) {
        *why = std::string("oneDNN has no implementation for this concat: ") + e.what();
        return FRUGAL_UNIMPLEMENTED;
    }
    *out = std::make_shared<onednn::PrimitiveKernel>(pd, std::move(inputs), dst, "concat");
    return FRUGAL_OK;
}

}  // namespace frugal
