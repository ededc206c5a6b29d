// C ABI of fp32 resize (ONNX Resize over H and W): validation of the descriptor, then kernel
// selection. Valid enum values no kernel serves (CUBIC, TF_CROP_AND_RESIZE) are not errors
// here: the kernels decline them, so the message says no kernel serves them.
#include <cmath>
#include <memory>

#include "core/checked_math.h"
#include "core/error.h"
#include "dispatch/resize_list.h"
#include "ops/op_handle.h"

namespace frugal {

frugal_status make_resize_problem(const frugal_resize_desc *desc, ResizeProblem *out) {
    if (desc == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "resize: descriptor is null");
    const frugal_resize_desc &d = *desc;
    const struct {
        const char *name;
        int64_t value;
    } dims[] = {{"batch", d.batch}, {"channels", d.channels}, {"in_h", d.in_h},
                {"in_w", d.in_w},   {"out_h", d.out_h},       {"out_w", d.out_w}};
    for (const auto &dim : dims)
        if (dim.value <= 0)
            return fail(FRUGAL_INVALID_ARGUMENT, "resize: %s must be positive, got %lld", dim.name, (long long)dim.value);
    if (!std::isfinite(d.scale_h) || !(d.scale_h > 0.f) || !std::isfinite(d.scale_w) || !(d.scale_w > 0.f))
        return fail(FRUGAL_INVALID_ARGUMENT, "resize: scales must be finite and positive, got %g x %g", (double)d.scale_h,
                    (double)d.scale_w);
    if (d.mode < FRUGAL_RESIZE_NEAREST || d.mode > FRUGAL_RESIZE_CUBIC)
        return fail(FRUGAL_INVALID_ARGUMENT, "resize: unknown mode %d", d.mode);
    if (d.coordinate_transformation_mode < FRUGAL_RESIZE_COORD_HALF_PIXEL ||
        d.coordinate_transformation_mode > FRUGAL_RESIZE_COORD_TF_CROP_AND_RESIZE)
        return fail(FRUGAL_INVALID_ARGUMENT, "resize: unknown coordinate_transformation_mode %d", d.coordinate_transformation_mode);
    if (d.nearest_mode < FRUGAL_RESIZE_ROUND_PREFER_FLOOR || d.nearest_mode > FRUGAL_RESIZE_ROUND_CEIL)
        return fail(FRUGAL_INVALID_ARGUMENT, "resize: unknown nearest_mode %d", d.nearest_mode);
    if (d.layout != FRUGAL_LAYOUT_NCHW && d.layout != FRUGAL_LAYOUT_NHWC)
        return fail(FRUGAL_INVALID_ARGUMENT, "resize: unknown layout %d (NCHW is %d, NHWC %d)", d.layout,
                    FRUGAL_LAYOUT_NCHW, FRUGAL_LAYOUT_NHWC);
    ResizeProblem p;
    p.d = d;
    int64_t elems;
    const int64_t src[] = {d.batch, d.channels, d.in_h, d.in_w, 4}, dst[] = {d.batch, d.channels, d.out_h, d.out_w, 4};
    if (!checked_product(src, 5, &elems) || !checked_product(dst, 5, &elems) || !checked_mul(d.batch, d.channels, &p.planes))
        return fail(FRUGAL_INVALID_ARGUMENT, "resize: tensor sizes overflow 64 bits");
    *out = p;
    return FRUGAL_OK;
}

}  // namespace frugal

using namespace frugal;

extern "C" {

frugal_status frugal_resize_create(const frugal_resize_desc *desc, const frugal_op_options *options, frugal_resize **out) {
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "resize_create: out is null");
    *out = nullptr;
    return guarded("resize", [&] {
        ResizeProblem p;
        if (frugal_status s = make_resize_problem(desc, &p); s != FRUGAL_OK) return s;
        size_t n;
        const ResizeEntry *list = resize_list(&n);
        std::shared_ptr<const Kernel> kernel;
        frugal_status s = create_kernel("resize", list, n, options ? options->impl : nullptr, p, nullptr, nullptr, &kernel);
        if (s != FRUGAL_OK) return s;
        return wrap_kernel(std::move(kernel), out);
    });
}

frugal_status frugal_resize_share(const frugal_resize *h, frugal_resize **out) { return share_handle("resize", h, out); }

frugal_status frugal_resize_execute(frugal_resize *h, const float *src, float *dst) {
    return execute_handle("resize", h, src, dst);
}

const char *frugal_resize_impl_name(const frugal_resize *h) { return handle_impl_name(h); }

void frugal_resize_destroy(frugal_resize *h) { delete h; }

}  // extern "C"
