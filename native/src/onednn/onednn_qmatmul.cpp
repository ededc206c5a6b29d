// int8 matrix multiply through oneDNN: u8/s8 src [batch, m, k], s8 weights (quantized by the C
// entry, reordered once into the implementation's layout), f32 bias, the activation as an
// eltwise post-op, f32/u8/s8 dst. Scales as in onednn_qconv2d.cpp: masks in the attributes
// (src 0, weights per column n: bit 2 of {1, k, n}, dst 0 for an int8 dst), values as constant
// memory bound once as DNNL_ARG_ATTR_SCALES | arg (onednn_int8.h). Declines below AVX-512 VNNI,
// where oneDNN's int8 GEMM saturates the same way. One WeightedPrimitiveKernel, as the fp32 matmul.
#include <memory>

#include "dispatch/qmatmul_list.h"
#include "onednn/onednn_int8.h"

namespace frugal {

using dnnl::memory;
using tag = memory::format_tag;

frugal_status onednn_qmatmul_create(const QMatmulProblem &qp, const float *, const float *bias,
                                    std::shared_ptr<const Kernel> *out, std::string *why) {
    const frugal_matmul_desc &d = qp.mm.d;
    const auto &eng = onednn::engine();
    const auto f32 = memory::data_type::f32, s8 = memory::data_type::s8;
    memory::desc src({d.batch, d.m, d.k}, onednn::data_type_of(qp.src_dtype), tag::abc);
    memory::desc dst({d.batch, d.m, d.n}, onednn::data_type_of(qp.dst_dtype), tag::abc);
    memory::desc user_wei({1, d.k, d.n}, s8, d.weights_transposed ? tag::acb : tag::abc);
    memory::desc wei_any({1, d.k, d.n}, s8, tag::any);
    memory::desc bias_md = bias ? memory::desc({1, 1, d.n}, f32, tag::abc) : memory::desc();

    dnnl::primitive_attr attr = onednn::make_attr(d.activation);
    onednn::set_int8_scale_masks(attr, 1 << 2, qp.dst_is_int8());  // one weight scale per column n
    dnnl::matmul::primitive_desc pd(eng, src, wei_any, bias_md, dst, attr, /*allow_empty=*/true);
    if (!pd) {
        *why = "oneDNN has no int8 implementation for this matmul";
        return FRUGAL_UNIMPLEMENTED;
    }
    if (*why = onednn::int8_inexact_reason(pd); !why->empty()) return FRUGAL_UNIMPLEMENTED;
    auto scales = onednn::int8_scales(qp.src_scale, qp.weight_scales, d.n, qp.dst_is_int8(), qp.dst_scale);
    *out = onednn::WeightedPrimitiveKernel::pack(pd, user_wei, qp.qweights, bias_md, bias, src, dst, "qmatmul",
                                                 std::move(scales));
    return FRUGAL_OK;
}

}  // namespace frugal
