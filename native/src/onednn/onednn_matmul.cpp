// fp32 matrix multiply through oneDNN with constant weights, reordered once at create into the
// layout the chosen implementation wants. src and dst are row-major and used in place.
#include <memory>

#include "dispatch/matmul_list.h"
#include "onednn/onednn_weighted.h"

namespace frugal {

using dnnl::memory;
using tag = memory::format_tag;

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
    // src and dst are row-major as the primitive takes them: the kernel binds them without reorders.
    *out = onednn::WeightedPrimitiveKernel::pack(pd, user_wei, weights, bias_md, bias, src, dst, "matmul");
    return FRUGAL_OK;
}

}  // namespace frugal
