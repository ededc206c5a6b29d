// C ABI of fp32 2-D pooling: validation of the descriptor, then kernel selection.
#include <memory>

#include "core/checked_math.h"
#include "core/error.h"
#include "dispatch/pool2d_list.h"
#include "ops/op_handle.h"

namespace frugal {
namespace {

// ONNX output size of one axis; false on overflow. *o <= 0 when the kernel does not fit.
bool pool_out_size(int64_t in, int64_t pb, int64_t pe, int64_t k, int64_t dil, int64_t stride, bool ceil_mode,
                   int64_t *o, int64_t *eff_pe) {
    int64_t padded, span;
    if (!checked_add(in, pb, &padded) || !checked_add(padded, pe, &padded)) return false;
    if (!checked_mul(dil, k - 1, &span) || !checked_add(span, 1, &span)) return false;
    const int64_t room = padded - span;
    if (room < 0) {
        *o = 0;
        return true;
    }
    int64_t n = (ceil_mode ? room + stride - 1 : room) / stride + 1;
    // A last window that starts past the input and the begin padding is dropped (ONNX Runtime).
    if (ceil_mode && (n - 1) * stride >= in + pb) --n;
    *o = n;
    const int64_t reach = (n - 1) * stride + span - in - pb;  // end padding the windows touch
    *eff_pe = reach > pe ? reach : pe;
    return true;
}

}  // namespace

frugal_status make_pool2d_problem(const frugal_pool2d_desc *desc, Pool2dProblem *out) {
    if (desc == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "pool2d: descriptor is null");
    frugal_pool2d_desc d = *desc;
    if (d.kind != FRUGAL_POOL_MAX && d.kind != FRUGAL_POOL_AVG)
        return fail(FRUGAL_INVALID_ARGUMENT, "pool2d: unknown pooling kind %d", d.kind);
    if (d.layout != FRUGAL_LAYOUT_NCHW && d.layout != FRUGAL_LAYOUT_NHWC)
        return fail(FRUGAL_INVALID_ARGUMENT, "pool2d: unknown layout %d", d.layout);
    if (d.global) {
        d.kernel_h = d.in_h, d.kernel_w = d.in_w, d.stride_h = d.stride_w = 1;
        d.pad_top = d.pad_left = d.pad_bottom = d.pad_right = 0;
        d.dilation_h = d.dilation_w = 1, d.ceil_mode = 0;
    }
    struct Named {
        const char *name;
        int64_t value;
    };
    const Named positives[] = {
        {"batch", d.batch},       {"channels", d.channels}, {"in_h", d.in_h},           {"in_w", d.in_w},
        {"kernel_h", d.kernel_h}, {"kernel_w", d.kernel_w}, {"stride_h", d.stride_h},   {"stride_w", d.stride_w},
        {"dilation_h", d.dilation_h}, {"dilation_w", d.dilation_w},
    };
    for (const Named &p : positives)
        if (p.value <= 0) return fail(FRUGAL_INVALID_ARGUMENT, "pool2d: %s must be positive, got %lld", p.name, (long long)p.value);
    if (d.kind == FRUGAL_POOL_AVG && (d.dilation_h != 1 || d.dilation_w != 1))
        return fail(FRUGAL_INVALID_ARGUMENT, "pool2d: dilation %lldx%lld is for max pooling only; average pooling takes 1x1",
                    (long long)d.dilation_h, (long long)d.dilation_w);
    const Named pads[] = {{"pad_top", d.pad_top}, {"pad_left", d.pad_left}, {"pad_bottom", d.pad_bottom}, {"pad_right", d.pad_right}};
    for (const Named &p : pads)
        if (p.value < 0) return fail(FRUGAL_INVALID_ARGUMENT, "pool2d: %s must not be negative, got %lld", p.name, (long long)p.value);

    Pool2dProblem p;
    if (!pool_out_size(d.in_h, d.pad_top, d.pad_bottom, d.kernel_h, d.dilation_h, d.stride_h, d.ceil_mode, &p.out_h, &p.eff_pad_bottom) ||
        !pool_out_size(d.in_w, d.pad_left, d.pad_right, d.kernel_w, d.dilation_w, d.stride_w, d.ceil_mode, &p.out_w, &p.eff_pad_right))
        return fail(FRUGAL_INVALID_ARGUMENT, "pool2d: padded input or dilated kernel size overflows");
    if (p.out_h <= 0 || p.out_w <= 0)
        return fail(FRUGAL_INVALID_ARGUMENT, "pool2d: the dilated kernel %lldx%lld (dilation %lldx%lld) is larger than the padded input %lldx%lld",
                    (long long)d.kernel_h, (long long)d.kernel_w, (long long)d.dilation_h, (long long)d.dilation_w,
                    (long long)(d.in_h + d.pad_top + d.pad_bottom), (long long)(d.in_w + d.pad_left + d.pad_right));
    // Every window must hold an input tap: padding smaller than the dilated kernel.
    const int64_t span_h = d.dilation_h * (d.kernel_h - 1) + 1, span_w = d.dilation_w * (d.kernel_w - 1) + 1;
    if (d.pad_top >= span_h || d.pad_bottom >= span_h || d.pad_left >= span_w || d.pad_right >= span_w)
        return fail(FRUGAL_INVALID_ARGUMENT, "pool2d: padding %lld,%lld,%lld,%lld (top, left, bottom, right) must be smaller than the dilated kernel %lldx%lld",
                    (long long)d.pad_top, (long long)d.pad_left, (long long)d.pad_bottom, (long long)d.pad_right,
                    (long long)span_h, (long long)span_w);
    const int64_t src_dims[] = {d.batch, d.channels, d.in_h, d.in_w, 4};
    const int64_t dst_dims[] = {d.batch, d.channels, p.out_h, p.out_w, 4};
    int64_t bytes;
    if (!checked_product(src_dims, 4, &p.src_elems) || !checked_product(dst_dims, 4, &p.dst_elems) ||
        !checked_product(src_dims, 5, &bytes) || !checked_product(dst_dims, 5, &bytes))
        return fail(FRUGAL_INVALID_ARGUMENT, "pool2d: tensor sizes overflow 64 bits");
    p.d = d;
    *out = p;
    return FRUGAL_OK;
}

}  // namespace frugal

using namespace frugal;

extern "C" {

frugal_status frugal_pool2d_out_shape(const frugal_pool2d_desc *desc, int64_t *out_h, int64_t *out_w) {
    if (out_h == nullptr || out_w == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "pool2d_out_shape: out_h or out_w is null");
    clear_error();
    Pool2dProblem p;
    if (frugal_status s = make_pool2d_problem(desc, &p); s != FRUGAL_OK) return s;
    *out_h = p.out_h;
    *out_w = p.out_w;
    return FRUGAL_OK;
}

frugal_status frugal_pool2d_create(const frugal_pool2d_desc *desc, const frugal_op_options *options, frugal_pool2d **out) {
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "pool2d_create: out is null");
    *out = nullptr;
    return guarded("pool2d", [&] {
        Pool2dProblem p;
        if (frugal_status s = make_pool2d_problem(desc, &p); s != FRUGAL_OK) return s;
        size_t n;
        const Pool2dEntry *list = pool2d_list(&n);
        std::shared_ptr<const Kernel> kernel;
        frugal_status s = create_kernel("pool2d", list, n, options ? options->impl : nullptr, p, nullptr, nullptr, &kernel);
        if (s != FRUGAL_OK) return s;
        return wrap_kernel(std::move(kernel), out);
    });
}

frugal_status frugal_pool2d_share(const frugal_pool2d *pool, frugal_pool2d **out) { return share_handle("pool2d", pool, out); }

frugal_status frugal_pool2d_execute(frugal_pool2d *pool, const float *src, float *dst) {
    return execute_handle("pool2d", pool, src, dst);
}

const char *frugal_pool2d_impl_name(const frugal_pool2d *pool) { return handle_impl_name(pool); }

void frugal_pool2d_destroy(frugal_pool2d *pool) { delete pool; }

}  // extern "C"
