// fp32 2-D convolution through oneDNN: the baseline and the fastest fp32 path we have.
// Weights are reordered once, at create, into the layout the chosen implementation wants.
// NHWC tensors go to oneDNN as they are (its brgemm kernels run on NHWC directly); NCHW tensors
// are reordered into the implementation's blocked layout and back, through buffers each handle
// allocates once.
#include <memory>

#include "dispatch/conv2d_list.h"
#include "onednn/onednn_common.h"

namespace frugal {
namespace {

using dnnl::memory;
using tag = memory::format_tag;

struct State : ExecState {
    dnnl::stream stream;
    memory user_src, user_dst;  // bound to the caller's pointers on each execute
    memory scratchpad;
    std::vector<memory> buffers;  // reorder targets, kept alive here
    onednn::Call calls[3];
    size_t call_count = 0;
};

class OnednnConv2d final : public Kernel {
public:
    OnednnConv2d(const dnnl::convolution_forward::primitive_desc &pd,
                 memory weights, memory bias, memory::desc user_src_md, memory::desc user_dst_md)
        : Kernel(onednn::impl_name(pd)),
          pd_(pd),
          conv_(pd),
          weights_(std::move(weights)),
          bias_(std::move(bias)),
          user_src_md_(user_src_md),
          user_dst_md_(user_dst_md),
          has_bias_(bias_ ? true : false) {
        if (pd.src_desc() != user_src_md_) src_reorder_ = dnnl::reorder(dnnl::reorder::primitive_desc(onednn::engine(), user_src_md_, onednn::engine(), pd.src_desc()));
        if (pd.dst_desc() != user_dst_md_) dst_reorder_ = dnnl::reorder(dnnl::reorder::primitive_desc(onednn::engine(), pd.dst_desc(), onednn::engine(), user_dst_md_));
    }

    std::unique_ptr<ExecState> make_state() const override {
        auto s = std::make_unique<State>();
        const auto &eng = onednn::engine();
        s->stream = dnnl::stream(eng);
        s->user_src = onednn::unbound_memory(user_src_md_);
        s->user_dst = onednn::unbound_memory(user_dst_md_);
        s->scratchpad = memory(pd_.scratchpad_desc(), eng);
        memory conv_src = s->user_src, conv_dst = s->user_dst;
        if (src_reorder_) {
            conv_src = memory(pd_.src_desc(), eng);
            s->buffers.push_back(conv_src);
            onednn::Call &c = s->calls[s->call_count++];
            c.primitive = &src_reorder_;
            c.add(DNNL_ARG_FROM, s->user_src);
            c.add(DNNL_ARG_TO, conv_src);
        }
        if (dst_reorder_) {
            conv_dst = memory(pd_.dst_desc(), eng);
            s->buffers.push_back(conv_dst);
        }
        onednn::Call &c = s->calls[s->call_count++];
        c.primitive = &conv_;
        c.add(DNNL_ARG_SRC, conv_src);
        c.add(DNNL_ARG_WEIGHTS, weights_);
        if (has_bias_) c.add(DNNL_ARG_BIAS, bias_);
        c.add(DNNL_ARG_DST, conv_dst);
        c.add(DNNL_ARG_SCRATCHPAD, s->scratchpad);
        if (dst_reorder_) {
            onednn::Call &r = s->calls[s->call_count++];
            r.primitive = &dst_reorder_;
            r.add(DNNL_ARG_FROM, conv_dst);
            r.add(DNNL_ARG_TO, s->user_dst);
        }
        return s;
    }

    frugal_status execute(ExecState *state, const float *src, float *dst) const override {
        auto *s = static_cast<State *>(state);
        s->user_src.set_data_handle(const_cast<float *>(src));
        s->user_dst.set_data_handle(dst);
        return onednn::run(s->stream, s->calls, s->call_count, "conv2d");
    }

private:
    dnnl::convolution_forward::primitive_desc pd_;
    dnnl::convolution_forward conv_;
    dnnl::reorder src_reorder_, dst_reorder_;
    memory weights_, bias_;
    memory::desc user_src_md_, user_dst_md_;
    bool has_bias_;
};

}  // namespace

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

    // Pack the weights once, into the layout the implementation wants.
    memory packed = onednn::pack_constant(user_wei, pd.weights_desc(), weights);
    memory bias_mem = bias ? onednn::pack_constant(bias_md, bias_md, bias) : memory();
    *out = std::make_shared<OnednnConv2d>(pd, std::move(packed), std::move(bias_mem), user_src, user_dst);
    return FRUGAL_OK;
}

}  // namespace frugal
