// fp32 2-D transposed convolution through oneDNN's deconvolution_forward, as the convolution
// kernel does it: weights (ONNX [IC, OC/G, KH, KW], oneDNN's iohw / giohw) reordered once at
// create into the layout the implementation wants; NHWC tensors go to oneDNN as they are, NCHW
// tensors are reordered into the implementation's layout and back through buffers each handle
// allocates once. execute binds the caller's pointers and runs: no allocation.
#include <memory>

#include "dispatch/conv_transpose2d_list.h"
#include "onednn/onednn_common.h"
#include "onednn/onednn_weighted.h"

namespace frugal {

using dnnl::memory;
using tag = memory::format_tag;

frugal_status onednn_conv_transpose2d_create(const ConvTranspose2dProblem &p, const float *weights, const float *bias,
                                             std::shared_ptr<const Kernel> *out, std::string *why) {
    const frugal_conv_transpose2d_desc &d = p.d;
    const auto f32 = memory::data_type::f32;
    const tag act_tag = d.layout == FRUGAL_LAYOUT_NHWC ? tag::nhwc : tag::nchw;
    memory::desc user_src({d.batch, d.in_channels, d.in_h, d.in_w}, f32, act_tag);
    memory::desc user_dst({d.batch, d.out_channels, p.out_h, p.out_w}, f32, act_tag);
    // ONNX weights [IC, OC/G, KH, KW]: oneDNN dims (G,) OC/G, IC/G, KH, KW stored as (g)iohw.
    memory::desc user_wei = d.groups == 1
        ? memory::desc({d.out_channels, d.in_channels, d.kernel_h, d.kernel_w}, f32, tag::iohw)
        : memory::desc({d.groups, p.oc_per_group(), p.ic_per_group(), d.kernel_h, d.kernel_w}, f32, tag::giohw);
    memory::desc bias_md = bias ? memory::desc({d.out_channels}, f32, tag::x) : memory::desc();
    memory::desc src_any = d.layout == FRUGAL_LAYOUT_NHWC ? user_src : memory::desc(user_src.get_dims(), f32, tag::any);
    memory::desc dst_any = d.layout == FRUGAL_LAYOUT_NHWC ? user_dst : memory::desc(user_dst.get_dims(), f32, tag::any);
    memory::desc wei_any(user_wei.get_dims(), f32, tag::any);
    // output_padding needs no argument of its own: oneDNN checks (out - span + pl + pr) / stride + 1
    // == in, which holds for output_padding < stride. ONNX also allows output_padding >= stride
    // below the dilation: oneDNN then has no implementation and the reference serves it.
    dnnl::deconvolution_forward::primitive_desc pd(
        onednn::engine(), dnnl::prop_kind::forward_inference, dnnl::algorithm::deconvolution_direct, src_any, wei_any,
        bias_md, dst_any, {d.stride_h, d.stride_w}, {d.dilation_h - 1, d.dilation_w - 1}, {d.pad_top, d.pad_left},
        {d.pad_bottom, d.pad_right}, onednn::make_attr(d.activation), /*allow_empty=*/true);
    if (!pd) {
        *why = "oneDNN has no implementation for this transposed convolution";
        return FRUGAL_UNIMPLEMENTED;
    }
    *out = onednn::WeightedPrimitiveKernel::pack(pd, user_wei, weights, bias_md, bias, user_src, user_dst, "conv_transpose2d");
    return FRUGAL_OK;
}

}  // namespace frugal
