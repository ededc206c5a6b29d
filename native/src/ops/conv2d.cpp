// C ABI of fp32 2-D convolution: validation of the descriptor, then kernel selection.
#include <memory>

#include "core/checked_math.h"
#include "core/error.h"
#include "dispatch/conv2d_list.h"
#include "ops/activation.h"
#include "ops/op_handle.h"

namespace frugal {

frugal_status make_conv2d_problem(const frugal_conv2d_desc *desc, Conv2dProblem *out, const char *op) {
    if (desc == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "%s: descriptor is null", op);
    const frugal_conv2d_desc &d = *desc;
    struct Positive {
        const char *name;
        int64_t value;
    };
    const Positive positives[] = {
        {"batch", d.batch},         {"in_channels", d.in_channels}, {"in_h", d.in_h},
        {"in_w", d.in_w},           {"out_channels", d.out_channels}, {"kernel_h", d.kernel_h},
        {"kernel_w", d.kernel_w},   {"stride_h", d.stride_h},     {"stride_w", d.stride_w},
        {"dilation_h", d.dilation_h}, {"dilation_w", d.dilation_w}, {"groups", d.groups},
    };
    for (const Positive &p : positives)
        if (p.value <= 0) return fail(FRUGAL_INVALID_ARGUMENT, "%s: %s must be positive, got %lld", op, p.name, (long long)p.value);
    const Positive pads[] = {{"pad_top", d.pad_top}, {"pad_left", d.pad_left}, {"pad_bottom", d.pad_bottom}, {"pad_right", d.pad_right}};
    for (const Positive &p : pads)
        if (p.value < 0) return fail(FRUGAL_INVALID_ARGUMENT, "%s: %s must not be negative, got %lld", op, p.name, (long long)p.value);
    if (d.in_channels % d.groups != 0 || d.out_channels % d.groups != 0)
        return fail(FRUGAL_INVALID_ARGUMENT, "%s: groups %lld must divide in_channels %lld and out_channels %lld", op,
                    (long long)d.groups, (long long)d.in_channels, (long long)d.out_channels);
    if (d.layout != FRUGAL_LAYOUT_NCHW && d.layout != FRUGAL_LAYOUT_NHWC)
        return fail(FRUGAL_INVALID_ARGUMENT, "%s: unknown layout %d", op, d.layout);
    if (std::string why = check_activation(d.activation); !why.empty())
        return fail(FRUGAL_INVALID_ARGUMENT, "%s: %s", op, why.c_str());

    Conv2dProblem p;
    p.d = d;
    // Extent of the dilated kernel and padded input, each overflow-checked.
    auto out_size = [](int64_t in, int64_t pb, int64_t pe, int64_t k, int64_t dil, int64_t stride, int64_t *o) {
        int64_t padded, span;
        if (!checked_add(in, pb, &padded) || !checked_add(padded, pe, &padded)) return false;
        if (!checked_mul(dil, k - 1, &span)) return false;
        *o = padded - span - 1 < 0 ? 0 : (padded - span - 1) / stride + 1;
        return true;
    };
    if (!out_size(d.in_h, d.pad_top, d.pad_bottom, d.kernel_h, d.dilation_h, d.stride_h, &p.out_h) ||
        !out_size(d.in_w, d.pad_left, d.pad_right, d.kernel_w, d.dilation_w, d.stride_w, &p.out_w))
        return fail(FRUGAL_INVALID_ARGUMENT, "%s: padded input or dilated kernel size overflows", op);
    if (p.out_h <= 0 || p.out_w <= 0)
        return fail(FRUGAL_INVALID_ARGUMENT,
                    "%s: the dilated kernel %lldx%lld (dilation %lldx%lld) is larger than the padded input %lldx%lld", op,
                    (long long)d.kernel_h, (long long)d.kernel_w, (long long)d.dilation_h, (long long)d.dilation_w,
                    (long long)(d.in_h + d.pad_top + d.pad_bottom), (long long)(d.in_w + d.pad_left + d.pad_right));
    const int64_t src_dims[] = {d.batch, d.in_channels, d.in_h, d.in_w};
    const int64_t dst_dims[] = {d.batch, d.out_channels, p.out_h, p.out_w};
    const int64_t wei_dims[] = {d.out_channels, d.in_channels / d.groups, d.kernel_h, d.kernel_w};
    int64_t bytes;
    if (!checked_product(src_dims, 4, &p.src_elems) || !checked_product(dst_dims, 4, &p.dst_elems) ||
        !checked_product(wei_dims, 4, &p.weight_elems) || !checked_mul(p.src_elems, 4, &bytes) ||
        !checked_mul(p.dst_elems, 4, &bytes) || !checked_mul(p.weight_elems, 4, &bytes))
        return fail(FRUGAL_INVALID_ARGUMENT, "%s: tensor sizes overflow 64 bits", op);
    *out = p;
    return FRUGAL_OK;
}

}  // namespace frugal

using namespace frugal;

extern "C" {

frugal_status frugal_conv2d_out_shape(const frugal_conv2d_desc *desc, int64_t *out_h, int64_t *out_w) {
    if (out_h == nullptr || out_w == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "conv2d_out_shape: out_h or out_w is null");
    clear_error();
    Conv2dProblem p;
    if (frugal_status s = make_conv2d_problem(desc, &p); s != FRUGAL_OK) return s;
    *out_h = p.out_h;
    *out_w = p.out_w;
    return FRUGAL_OK;
}

frugal_status frugal_conv2d_create(const frugal_conv2d_desc *desc, const frugal_op_options *options,
                                   const float *weights, const float *bias, frugal_conv2d **out) {
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "conv2d_create: out is null");
    *out = nullptr;
    if (weights == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "conv2d_create: weights are null");
    return guarded("conv2d", [&] {
        Conv2dProblem p;
        if (frugal_status s = make_conv2d_problem(desc, &p); s != FRUGAL_OK) return s;
        size_t n;
        const Conv2dEntry *list = conv2d_list(&n);
        std::shared_ptr<const Kernel> kernel;
        frugal_status s = create_kernel("conv2d", list, n, options ? options->impl : nullptr, p, weights, bias, &kernel);
        if (s != FRUGAL_OK) return s;
        return wrap_kernel(std::move(kernel), out);
    });
}

frugal_status frugal_conv2d_share(const frugal_conv2d *conv, frugal_conv2d **out) { return share_handle("conv2d", conv, out); }

frugal_status frugal_conv2d_execute(frugal_conv2d *conv, const float *src, float *dst) {
    return execute_handle("conv2d", conv, src, dst);
}

const char *frugal_conv2d_impl_name(const frugal_conv2d *conv) { return handle_impl_name(conv); }

void frugal_conv2d_destroy(frugal_conv2d *conv) { delete conv; }

}  // extern "C"
