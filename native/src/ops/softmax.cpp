// C ABI of fp32 softmax: validation of the descriptor, then kernel selection.
#include <memory>

#include "core/checked_math.h"
#include "core/error.h"
#include "dispatch/softmax_list.h"
#include "ops/op_handle.h"

namespace frugal {

frugal_status make_softmax_problem(const frugal_softmax_desc *desc, SoftmaxProblem *out) {
    if (desc == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "softmax: descriptor is null");
    const frugal_softmax_desc &d = *desc;
    if (d.rank < 1 || d.rank > FRUGAL_MAX_RANK)
        return fail(FRUGAL_INVALID_ARGUMENT, "softmax: rank %d must be 1 to %d", d.rank, FRUGAL_MAX_RANK);
    if (d.axis < -d.rank || d.axis >= d.rank)
        return fail(FRUGAL_INVALID_ARGUMENT, "softmax: axis %d is outside [%d, %d)", d.axis, -d.rank, d.rank);
    if (d.coerce_2d != 0 && d.coerce_2d != 1)
        return fail(FRUGAL_INVALID_ARGUMENT, "softmax: coerce_2d must be 0 or 1, got %d", d.coerce_2d);
    for (int i = 0; i < d.rank; ++i)
        if (d.dims[i] <= 0)
            return fail(FRUGAL_INVALID_ARGUMENT, "softmax: dimension %d must be positive, got %lld", i, (long long)d.dims[i]);
    SoftmaxProblem p;
    p.d = d;
    p.axis = d.axis < 0 ? d.axis + d.rank : d.axis;
    int64_t bytes;
    if (!checked_product(d.dims, p.axis, &p.outer) || !checked_product(d.dims, d.rank, &p.elems) ||
        !checked_mul(p.elems, 4, &bytes))
        return fail(FRUGAL_INVALID_ARGUMENT, "softmax: tensor sizes overflow 64 bits");
    if (d.coerce_2d) {
        p.axis_len = p.elems / p.outer;
        p.inner = 1;
    } else {
        p.axis_len = d.dims[p.axis];
        p.inner = p.elems / p.outer / p.axis_len;
    }
    *out = p;
    return FRUGAL_OK;
}

}  // namespace frugal

using namespace frugal;

extern "C" {

frugal_status frugal_softmax_create(const frugal_softmax_desc *desc, const frugal_op_options *options, frugal_softmax **out) {
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "softmax_create: out is null");
    *out = nullptr;
    return guarded("softmax", [&] {
        SoftmaxProblem p;
        if (frugal_status s = make_softmax_problem(desc, &p); s != FRUGAL_OK) return s;
        size_t n;
        const SoftmaxEntry *list = softmax_list(&n);
        std::shared_ptr<const Kernel> kernel;
        frugal_status s = create_kernel("softmax", list, n, options ? options->impl : nullptr, p, nullptr, nullptr, &kernel);
        if (s != FRUGAL_OK) return s;
        return wrap_kernel(std::move(kernel), out);
    });
}

frugal_status frugal_softmax_share(const frugal_softmax *h, frugal_softmax **out) { return share_handle("softmax", h, out); }

frugal_status frugal_softmax_execute(frugal_softmax *h, const float *src, float *dst) {
    return execute_handle("softmax", h, src, dst);
}

const char *frugal_softmax_impl_name(const frugal_softmax *h) { return handle_impl_name(h); }

void frugal_softmax_destroy(frugal_softmax *h) { delete h; }

}  // extern "C"
