// The standalone fp32 activation through oneDNN's eltwise primitive, on a 1-D view of the
// tensor (element-wise, so the shape does not matter). FRUGAL_ACT_NONE is a linear copy.
#include <memory>

#include "dispatch/eltwise_list.h"
#include "onednn/onednn_primitive.h"

namespace frugal {

frugal_status onednn_eltwise_create(const EltwiseProblem &p, const float *, const float *,
                                    std::shared_ptr<const Kernel> *out, std::string *why) {
    using dnnl::memory;
    onednn::Eltwise e{dnnl::algorithm::eltwise_linear, 1.f, 0.f};
    onednn::eltwise_of(p.d.activation, &e);
    memory::desc md({p.d.count}, memory::data_type::f32, memory::format_tag::x);
    dnnl::eltwise_forward::primitive_desc pd(onednn::engine(), dnnl::prop_kind::forward_inference, e.algorithm, md, md,
                                             e.alpha, e.beta, onednn::make_attr({FRUGAL_ACT_NONE, 0.f, 0.f}),
                                             /*allow_empty=*/true);
    if (!pd) {
        *why = "oneDNN has no implementation for this eltwise";
        return FRUGAL_UNIMPLEMENTED;
    }
    *out = std::make_shared<onednn::PrimitiveKernel>(pd, std::vector<std::pair<int, memory::desc>>{{DNNL_ARG_SRC, md}},
                                                     md, "eltwise");
    return FRUGAL_OK;
}

}  // namespace frugal
