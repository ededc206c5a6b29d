// fp32 softmax through oneDNN's softmax primitive (softmax_accurate: max subtracted first), on
// the caller's dense tensor seen as [outer, axis_len, inner] with the softmax over axis 1.
#include <memory>

#include "dispatch/softmax_list.h"
#include "onednn/onednn_primitive.h"

namespace frugal {

frugal_status onednn_softmax_create(const SoftmaxProblem &p, const float *, const float *,
                                    std::shared_ptr<const Kernel> *out, std::string *why) {
    using dnnl::memory;
    memory::desc md({p.outer, p.axis_len, p.inner}, memory::data_type::f32, memory::format_tag::abc);
    dnnl::softmax_forward::primitive_desc pd(onednn::engine(), dnnl::prop_kind::forward_inference,
                                             dnnl::algorithm::softmax_accurate, md, md, /*axis=*/1,
                                             onednn::make_attr({FRUGAL_ACT_NONE, 0.f, 0.f}), /*allow_empty=*/true);
    if (!pd) {
        *why = "oneDNN has no implementation for this softmax";
        return FRUGAL_UNIMPLEMENTED;
    }
    *out = std::make_shared<onednn::PrimitiveKernel>(pd, std::vector<std::pair<int, memory::desc>>{{DNNL_ARG_SRC, md}}, md,
                                                     "softmax");
    return FRUGAL_OK;
}

}  // namespace frugal
