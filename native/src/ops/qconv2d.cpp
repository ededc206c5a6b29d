// C ABI of int8 2-D convolution: validation of the descriptor and the weights, per-channel
// weight quantization (once, here, so every kernel computes with the same q_w and s_w), then
// kernel selection.
#include <cmath>
#include <memory>
#include <vector>

#include "core/error.h"
#include "dispatch/qconv2d_list.h"
#include "ops/op_handle.h"
#include "ops/quantize.h"

namespace frugal {

frugal_status make_qconv2d_problem(const frugal_qconv2d_desc *desc, QConv2dProblem *out) {
    if (desc == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "qconv2d: descriptor is null");
    const frugal_qconv2d_desc &q = *desc;
    const frugal_conv2d_desc d = conv2d_geometry(q);
    QConv2dProblem p;
    if (frugal_status s = make_conv2d_problem(&d, &p.conv, "qconv2d"); s != FRUGAL_OK) return s;
    if (std::string why = check_quant_types(q.src_dtype, q.src_scale, q.dst_dtype, q.dst_scale); !why.empty())
        return fail(FRUGAL_INVALID_ARGUMENT, "qconv2d: %s", why.c_str());
    p.src_dtype = q.src_dtype;
    p.dst_dtype = q.dst_dtype;
    p.src_scale = q.src_scale;
    if (p.dst_is_int8()) p.dst_scale = q.dst_scale;
    const int64_t reduction = p.conv.ic_per_group() * d.kernel_h * d.kernel_w;  // no overflow: bounded by weight_elems
    if (reduction > FRUGAL_QCONV2D_MAX_REDUCTION)
        return fail(FRUGAL_INVALID_ARGUMENT,
                    "qconv2d: in_channels/groups * kernel_h * kernel_w = %lld exceeds %d, where the s32 accumulator "
                    "could overflow",
                    (long long)reduction, FRUGAL_QCONV2D_MAX_REDUCTION);
    *out = p;
    return FRUGAL_OK;
}

}  // namespace frugal

using namespace frugal;

extern "C" {

frugal_status frugal_qconv2d_out_shape(const frugal_qconv2d_desc *desc, int64_t *out_h, int64_t *out_w) {
    if (out_h == nullptr || out_w == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "qconv2d_out_shape: out_h or out_w is null");
    clear_error();
    QConv2dProblem p;
    if (frugal_status s = make_qconv2d_problem(desc, &p); s != FRUGAL_OK) return s;
    *out_h = p.conv.out_h;
    *out_w = p.conv.out_w;
    return FRUGAL_OK;
}

frugal_status frugal_qconv2d_create(const frugal_qconv2d_desc *desc, const frugal_op_options *options,
                                    const float *weights, const float *bias, frugal_qconv2d **out) {
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "qconv2d_create: out is null");
    *out = nullptr;
    if (weights == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "qconv2d_create: weights are null");
    return guarded("qconv2d", [&] {
        QConv2dProblem p;
        if (frugal_status s = make_qconv2d_problem(desc, &p); s != FRUGAL_OK) return s;
        const int64_t oc = p.conv.d.out_channels, per_oc = p.conv.weight_elems / oc;
        for (int64_t i = 0; i < p.conv.weight_elems; ++i)
            if (!std::isfinite(weights[i]))
                return fail(FRUGAL_INVALID_ARGUMENT, "qconv2d_create: weight %lld (output channel %lld) is %g; weights must be finite",
                            (long long)i, (long long)(i / per_oc), (double)weights[i]);
        if (bias != nullptr)
            for (int64_t i = 0; i < oc; ++i)
                if (!std::isfinite(bias[i]))
                    return fail(FRUGAL_INVALID_ARGUMENT, "qconv2d_create: bias %lld is %g; bias must be finite", (long long)i,
                                (double)bias[i]);
        std::vector<int8_t> q((size_t)p.conv.weight_elems);
        auto scales = std::make_shared<std::vector<float>>((size_t)oc);
        quantize_per_channel(weights, oc, per_oc, per_oc, 1, q.data(), scales->data());
        p.qweights = q.data();
        p.weight_scales = scales->data();
        size_t n;
        const QConv2dEntry *list = qconv2d_list(&n);
        std::shared_ptr<const Kernel> kernel;
        frugal_status s = create_kernel("qconv2d", list, n, options ? options->impl : nullptr, p, weights, bias, &kernel);
        if (s != FRUGAL_OK) return s;
        s = wrap_kernel(std::move(kernel), out);
        if (s == FRUGAL_OK) (*out)->weight_scales = std::move(scales);
        return s;
    });
}

frugal_status frugal_qconv2d_share(const frugal_qconv2d *conv, frugal_qconv2d **out) {
    frugal_status s = share_handle("qconv2d", conv, out);
    if (s == FRUGAL_OK) (*out)->weight_scales = conv->weight_scales;
    return s;
}

frugal_status frugal_qconv2d_execute(frugal_qconv2d *conv, const void *src, void *dst) {
    // The kernels read and write src/dst as the descriptor's types; see frugal_qconv2d in ops/kernel.h.
    return execute_handle("qconv2d", conv, static_cast<const float *>(src), static_cast<float *>(dst));
}

frugal_status frugal_qconv2d_weight_scales(const frugal_qconv2d *conv, float *out, int64_t count) {
    if (conv == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "qconv2d_weight_scales: handle is null");
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "qconv2d_weight_scales: out is null");
    const std::vector<float> &s = *conv->weight_scales;
    if (count != (int64_t)s.size())
        return fail(FRUGAL_INVALID_ARGUMENT, "qconv2d_weight_scales: count %lld is not out_channels %lld", (long long)count,
                    (long long)s.size());
    std::copy(s.begin(), s.end(), out);
    clear_error();
    return FRUGAL_OK;
}

const char *frugal_qconv2d_impl_name(const frugal_qconv2d *conv) { return handle_impl_name(conv); }

void frugal_qconv2d_destroy(frugal_qconv2d *conv) { delete conv; }

}  // extern "C"
