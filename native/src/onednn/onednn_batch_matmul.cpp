// fp32 batched matmul of two run-time tensors through oneDNN's matmul primitive: a is its src
// [batch..., M, K], b its weights [batch..., K, N], both dense and bound at execute (nothing is
// packed: the weights change every call). Both are brought to one rank with leading 1s, which
// oneDNN broadcasts along the batch dimensions; what it cannot serve it declines (ref serves it).
#include <memory>

#include "dispatch/batch_matmul_list.h"
#include "onednn/onednn_primitive.h"

namespace frugal {

frugal_status onednn_batch_matmul_create(const BatchMatMulProblem &p, const float *, const float *,
                                         std::shared_ptr<const Kernel> *out, std::string *why) {
    using dnnl::memory;
    const memory::desc a = onednn::dense_desc(p.a, p.rank), b = onednn::dense_desc(p.b, p.rank),
                       dst = onednn::dense_desc(p.out, p.rank);
    dnnl::matmul::primitive_desc pd(onednn::engine(), a, b, dst, onednn::make_attr({FRUGAL_ACT_NONE, 0.f, 0.f}),
                                    /*allow_empty=*/true);
    if (!pd) {
        *why = "oneDNN has no implementation for this batched matmul";
        return FRUGAL_UNIMPLEMENTED;
    }
    *out = std::make_shared<onednn::PrimitiveKernel>(
        pd, std::vector<std::pair<int, memory::desc>>{{DNNL_ARG_SRC, a}, {DNNL_ARG_WEIGHTS, b}}, dst, "batch_matmul");
    return FRUGAL_OK;
}

}  // namespace frugal
