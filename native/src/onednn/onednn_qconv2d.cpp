// int8 2-D convolution through oneDNN: u8/s8 src, s8 weights (quantized by the C entry, then
// reordered once into the implementation's layout, with the s8-src compensation oneDNN adds),
// f32 bias, the activation as an eltwise post-op, and f32/u8/s8 dst. Scales follow oneDNN 3.x:
// masks in the attributes (src 0, weights per output channel, dst 0 for an int8 dst), values
// as constant memory bound once as DNNL_ARG_ATTR_SCALES | arg:
//   dst = post_ops(src_scale * wei_scale[oc] * acc + bias) / dst_scale.
// Layouts as the fp32 conv2d: NHWC as is, NCHW reordered into the chosen layout and back.
//
// Exactness: without VNNI, oneDNN's int8 convolutions (jit_uni_int8*, on AVX2 and AVX-512
// without VNNI) multiply with vpmaddubsw, which adds each pair of u8 x s8 products into a
// saturating s16 (255 * 127 * 2 > 32767), and for an s8 src they halve the weights at the
// reorder (scale_adjust 0.5) to avoid that, rounding odd q_w. Measured on AVX2 (Zen 3): u8 src
// off by up to 53 units of an int8 dst, s8 src by up to 5, f32 results by 3e-3 to 0.16 relative
// L2. That is not the arithmetic frugal.h states, so this kernel declines below AVX-512 VNNI
// (vpdpbusd accumulates in s32, and no weight adjustment is made); ref:direct serves there.
#include <memory>

#include "cpu/cpu_features.h"
#include "dispatch/qconv2d_list.h"
#include "onednn/onednn_common.h"
#include "onednn/onednn_weighted.h"

namespace frugal {

using dnnl::memory;
using tag = memory::format_tag;

namespace {

memory::data_type onednn_type(frugal_dtype t) {
    switch (t) {
        case FRUGAL_U8: return memory::data_type::u8;
        case FRUGAL_S8: return memory::data_type::s8;
        default: return memory::data_type::f32;
    }
}

memory scales_memory(const float *values, int64_t count) {
    memory::desc md({count}, memory::data_type::f32, tag::x);
    return onednn::pack_constant(md, md, values);
}

}  // namespace

frugal_status onednn_qconv2d_create(const QConv2dProblem &qp, const float *, const float *bias,
                                    std::shared_ptr<const Kernel> *out, std::string *why) {
    const Conv2dProblem &p = qp.conv;
    const frugal_conv2d_desc &d = p.d;
    const auto &eng = onednn::engine();
    const auto f32 = memory::data_type::f32, s8 = memory::data_type::s8;
    const auto src_dt = onednn_type(qp.src_dtype), dst_dt = onednn_type(qp.dst_dtype);
    const tag act_tag = d.layout == FRUGAL_LAYOUT_NHWC ? tag::nhwc : tag::nchw;
    memory::desc user_src({d.batch, d.in_channels, d.in_h, d.in_w}, src_dt, act_tag);
    memory::desc user_dst({d.batch, d.out_channels, p.out_h, p.out_w}, dst_dt, act_tag);
    const bool grouped = d.groups > 1;
    memory::desc user_wei = !grouped
        ? memory::desc({d.out_channels, d.in_channels, d.kernel_h, d.kernel_w}, s8, tag::oihw)
        : memory::desc({d.groups, p.oc_per_group(), p.ic_per_group(), d.kernel_h, d.kernel_w}, s8, tag::goihw);
    memory::desc bias_md = bias ? memory::desc({d.out_channels}, f32, tag::x) : memory::desc();

    dnnl::primitive_attr attr = onednn::make_attr(d.activation);
    attr.set_scales_mask(DNNL_ARG_SRC, 0);
    // One scale per output channel: dim 0 of oihw; dims 0 (group) and 1 (oc in group) of goihw.
    attr.set_scales_mask(DNNL_ARG_WEIGHTS, grouped ? (1 << 0) | (1 << 1) : 1 << 0);
    if (qp.dst_is_int8()) attr.set_scales_mask(DNNL_ARG_DST, 0);

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
    if (cpu::effective_isa() < FRUGAL_ISA_AVX512_VNNI) {
        *why = "oneDNN chose " + std::string(pd.impl_info_str()) + ", and without VNNI (effective ISA " +
               frugal_isa_name(cpu::effective_isa()) +
               ") oneDNN's int8 convolution saturates u8 x s8 pair sums to 16 bits (vpmaddubsw) and halves the "
               "weights for an s8 src: not the stated int8 arithmetic";
        return FRUGAL_UNIMPLEMENTED;
    }

    onednn::WeightedPrimitiveKernel::ConstantArgs scales;
    scales.emplace_back(DNNL_ARG_ATTR_SCALES | DNNL_ARG_SRC, scales_memory(&qp.src_scale, 1));
    scales.emplace_back(DNNL_ARG_ATTR_SCALES | DNNL_ARG_WEIGHTS, scales_memory(qp.weight_scales, d.out_channels));
    if (qp.dst_is_int8()) scales.emplace_back(DNNL_ARG_ATTR_SCALES | DNNL_ARG_DST, scales_memory(&qp.dst_scale, 1));
    *out = onednn::WeightedPrimitiveKernel::pack(pd, user_wei, qp.qweights, bias_md, bias, user_src, user_dst, "qconv2d",
                                                 std::move(scales));
    return FRUGAL_OK;
}

}  // namespace frugal
