// fp32 2-D pooling through oneDNN, on the caller's layout (NCHW or NHWC) without reorders:
// pooling is memory-bound, so a round trip through a blocked layout would cost more than it saves.
#include <memory>

#include "dispatch/pool2d_list.h"
#include "onednn/onednn_primitive.h"

namespace frugal {

frugal_status onednn_pool2d_create(const Pool2dProblem &p, const float *, const float *,
                                   std::shared_ptr<const Kernel> *out, std::string *why) {
    const frugal_pool2d_desc &d = p.d;
    using dnnl::memory;
    const bool avg = d.kind == FRUGAL_POOL_AVG;
    const bool overhang = p.eff_pad_bottom > d.pad_bottom || p.eff_pad_right > d.pad_right;
    if (avg && d.count_include_pad && overhang) {
        // oneDNN would count the ceil-mode overhang in the divisor; ONNX counts only the padding.
        *why = "oneDNN counts the ceil-mode overhang in average pooling's divisor (count_include_pad)";
        return FRUGAL_UNIMPLEMENTED;
    }
    const auto tag = d.layout == FRUGAL_LAYOUT_NHWC ? memory::format_tag::nhwc : memory::format_tag::nchw;
    memory::desc src({d.batch, d.channels, d.in_h, d.in_w}, memory::data_type::f32, tag);
    memory::desc dst({d.batch, d.channels, p.out_h, p.out_w}, memory::data_type::f32, tag);
    const dnnl::algorithm alg = !avg ? dnnl::algorithm::pooling_max
        : d.count_include_pad ? dnnl::algorithm::pooling_avg_include_padding
                              : dnnl::algorithm::pooling_avg_exclude_padding;
    dnnl::pooling_forward::primitive_desc pd(
        onednn::engine(), dnnl::prop_kind::forward_inference, alg, src, dst, {d.stride_h, d.stride_w},
        {d.kernel_h, d.kernel_w}, {d.dilation_h - 1, d.dilation_w - 1}, {d.pad_top, d.pad_left},
        {p.eff_pad_bottom, p.eff_pad_right}, onednn::make_attr({FRUGAL_ACT_NONE, 0.f, 0.f}), /*allow_empty=*/true);
    if (!pd) {
        *why = "oneDNN has no implementation for this pooling";
        return FRUGAL_UNIMPLEMENTED;
    }
    *out = std::make_shared<onednn::PrimitiveKernel>(pd, std::vector<std::pair<int, memory::desc>>{{DNNL_ARG_SRC, src}},
                                                     dst, "pool2d");
    return FRUGAL_OK;
}

}  // namespace frugal
