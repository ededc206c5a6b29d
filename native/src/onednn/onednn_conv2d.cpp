// fp32 2-D convolution through oneDNN: the baseline and the fastest fp32 path we have.
// Weights are reordered once, at create, into the layout the chosen implementation wants.
// NHWC tensors go to oneDNN as they are (its brgemm kernels run on NHWC directly); NCHW tensors
// are reordered into the implementation's blocked layout and back, through buffers each handle
// allocates once.
#include <memory>

#include "dispatch/conv2d_list.h"
#include "onednn/onednn_common.h"
#include "onednn/onednn_weighted.h"

namespace frugal {

using dnnl::memory;
using tag = memory::format_tag;

frugal_status onednn_conv2d_create(const Conv2dProblem &p, const float *weights, const float *bias,
                                   std::shared_ptr<const Kernel> *out, std::string *why) {
    const frugal_conv2d_desc &d = p.d;
    const auto &eng = onednn::engine();
    const auto f32 = memory::data_type::f32;
    const tag act_tag = d.layout == FRUGAL_LAYOUT_NHWC ? tag::nhwc : tag::nchw;
    memory::desc user_src({d.batch, d.in_channels, d.in_h, d.in_w}, f32, act_tag);
    memory::desc user_dst({d.batch, d.out_channels, p.out_h, p.out_w}, f32, act_tag);
    // ONNX weights [OC, IC/G, KH, KW] are oneDNN's goihw with G = groups.
    memory::desc user_wei = d.groups == 1
        ? memory::desc({d.out_channels, d.in_channels, d.kernel_h, d.kernel_w}, f32, tag::oihw)
        : memory::desc({d.groups, p.oc_per_group(), p.ic_per_group(), d.kernel_h, d.kernel_w}, f32, tag::goihw);
    memory::desc bias_md = bias ? memory::desc({d.out_channels}, f32, tag::x) : memory::desc();

    dnnl::primitive_attr attr = onednn::make_attr(d.activation);

    // NHWC: run on the caller's layout. NCHW: let oneDNN choose (blocked) and reorder.
    memory::desc src_any = d.layout == FRUGAL_LAYOUT_NHWC ? user_src : memory::desc(user_src.get_dims(), f32, tag::any);
    memory::desc dst_any = d.layout == FRUGAL_LAYOUT_NHWC ? user_dst : memory::desc(user_dst.get_dims(), f32, tag::any);
    memory::desc wei_any(user_wei.get_dims(), f32, tag::any);
    dnnl::convolution_forward::primitive_desc pd(
        eng, dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct, src_any, wei_any, bias_md,
        dst_any, {d.stride_h, d.stride_w}, {d.dilation_h - 1, d.dilation_w - 1}, {d.pad_top, d.pad_left},
        {d.pad_bottom, d.pad_right}, attr, /*allow_empty=*/true);
    if (!pd) {
        *why = "oneDNN has no implementation for this convolution";
        return FRUGAL_UNIMPLEMENTED;
    }

    // Weights are packed once, into the layout the implementation wants.
    *out = onednn::WeightedPrimitiveKernel::pack(pd, user_wei, weights, bias_md, bias, user_src, user_dst, "conv2d");
    return FRUGAL_OK;
}

}  // namespace frugal
