// int8 2-D convolution through oneDNN: u8/s8 src, s8 weights (quantized by the C entry, then
// reordered once into the implementation's layout, with the s8-src compensation oneDNN adds),
// f32 bias, the activation as an eltwise post-op, and f32/u8/s8 dst. Scales follow oneDNN 3.x:
// masks in the attributes (src 0, weights per output channel, dst 0 for an int8 dst), values
// as constant memory bound once as DNNL_ARG_ATTR_SCALES | arg:
//   dst = post_ops(src_scale * wei_scale[oc] * acc + bias) / dst_scale.
// Layouts as the fp32 conv2d: NHWC as is, NCHW reordered into the chosen layout and back.
// Declines below AVX-512 VNNI, where oneDNN's int8 arithmetic is not the stated one
// (onednn_int8.h says why).
#include <memory>

#include "dispatch/qconv2d_list.h"
#include "onednn/onednn_int8.h"

namespace frugal {

using dnnl::memory;
using tag = memory::format_tag;

frugal_status onednn_qconv2d_create(const QConv2dProblem &qp, const float *, const float *bias,
                                    std::shared_ptr<const Kernel> *out, std::string *why) {
    const Conv2dProblem &p = qp.conv;
    const frugal_conv2d_desc &d = p.d;
    const auto &eng = onednn::engine();
    const auto f32 = memory::data_type::f32, s8 = memory::data_type::s8;
    const auto src_dt = onednn::data_type_of(qp.src_dtype), dst_dt = onednn::data_type_of(qp.dst_dtype);
    const tag act_tag = d.layout == FRUGAL_LAYOUT_NHWC ? tag::nhwc : tag::nchw;
    memory::desc user_src({d.batch, d.in_channels, d.in_h, d.in_w}, src_dt, act_tag);
    memory::desc user_dst({d.batch, d.out_channels, p.out_h, p.out_w}, dst_dt, act_tag);
    const bool grouped = d.groups > 1;
    memory::desc user_wei = !grouped
        ? memory::desc({d.out_channels, d.in_channels, d.kernel_h, d.kernel_w}, s8, tag::oihw)
        : memory::desc({d.groups, p.oc_per_group(), p.ic_per_group(), d.kernel_h, d.kernel_w}, s8, tag::goihw);
    memory::desc bias_md = bias ? memory::desc({d.out_channels}, f32, tag::x) : memory::desc();

    dnnl::primitive_attr attr = onednn::make_attr(d.activation);
    // One scale per output channel: dim 0 of oihw; dims 0 (group) and 1 (oc in group) of goihw.
    onednn::set_int8_scale_masks(attr, grouped ? (1 << 0) | (1 << 1) : 1 << 0, qp.dst_is_int8());

    memory::desc src_any = d.layout == FRUGAL_LAYOUT_NHWC ? user_src : memory::desc(user_src.get_dims(), src_dt, tag::any);
    memory::desc dst_any = d.layout == FRUGAL_LAYOUT_NHWC ? user_dst : memory::desc(user_dst.get_dims(), dst_dt, tag::any);
    memory::desc wei_any(user_wei.get_dims(), s8, tag::any);
    dnnl::convolution_forward::primitive_desc pd(
        eng, dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct, src_any, wei_any, bias_md,
        dst_any, {d.stride_h, d.stride_w}, {d.dilation_h - 1, d.dilation_w - 1}, {d.pad_top, d.pad_left},
        {d.pad_bottom, d.pad_right}, attr, /*allow_empty=*/true);
    if (!pd) {
        *why = "oneDNN has no int8 implementation for this convolution";
        return FRUGAL_UNIMPLEMENTED;
    }
    if (*why = onednn::int8_inexact_reason(pd); !why->empty()) return FRUGAL_UNIMPLEMENTED;
    auto scales = onednn::int8_scales(qp.src_scale, qp.weight_scales, d.out_channels, qp.dst_is_int8(), qp.dst_scale);
    *out = onednn::WeightedPrimitiveKernel::pack(pd, user_wei, qp.qweights, bias_md, bias, user_src, user_dst, "qconv2d",
                                                 std::move(scales));
    return FRUGAL_OK;
}

}  // namespace frugal
