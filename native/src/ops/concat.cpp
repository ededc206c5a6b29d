// C ABI of fp32 concat: validation of the descriptor, then kernel selection.
#include <memory>

#include "core/checked_math.h"
#include "core/error.h"
#include "dispatch/concat_list.h"
#include "ops/op_handle.h"

namespace frugal {

frugal_status make_concat_problem(const frugal_concat_desc *desc, ConcatProblem *out) {
    if (desc == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "concat: descriptor is null");
    const frugal_concat_desc &d = *desc;
    if (d.rank < 1 || d.rank > FRUGAL_MAX_RANK)
        return fail(FRUGAL_INVALID_ARGUMENT, "concat: rank %d must be 1 to %d", d.rank, FRUGAL_MAX_RANK);
    if (d.axis < -d.rank || d.axis >= d.rank)
        return fail(FRUGAL_INVALID_ARGUMENT, "concat: axis %d is outside [%d, %d)", d.axis, -d.rank, d.rank);
    if (d.count < 1 || d.count > FRUGAL_MAX_CONCAT_INPUTS)
        return fail(FRUGAL_INVALID_ARGUMENT, "concat: count %d must be 1 to %d", d.count, FRUGAL_MAX_CONCAT_INPUTS);
    ConcatProblem p;
    p.d = d;
    p.axis = d.axis < 0 ? d.axis + d.rank : d.axis;
    for (int i = 0; i < d.rank; ++i)
        if (i != p.axis && d.dims[i] <= 0)
            return fail(FRUGAL_INVALID_ARGUMENT, "concat: dimension %d must be positive, got %lld", i, (long long)d.dims[i]);
    for (int i = 0; i < d.count; ++i) {
        if (d.axis_dims[i] <= 0)
            return fail(FRUGAL_INVALID_ARGUMENT, "concat: input %d's extent along the axis must be positive, got %lld", i,
                        (long long)d.axis_dims[i]);
        if (!checked_add(p.axis_total, d.axis_dims[i], &p.axis_total))
            return fail(FRUGAL_INVALID_ARGUMENT, "concat: tensor sizes overflow 64 bits");
    }
    for (int i = 0; i < d.rank; ++i) p.dst_dims[i] = i == p.axis ? p.axis_total : d.dims[i];
    int64_t bytes;
    if (!checked_product(p.dst_dims, p.axis, &p.outer) || !checked_product(p.dst_dims + p.axis + 1, d.rank - p.axis - 1, &p.inner) ||
        !checked_product(p.dst_dims, d.rank, &p.dst_elems) || !checked_mul(p.dst_elems, 4, &bytes))
        return fail(FRUGAL_INVALID_ARGUMENT, "concat: tensor sizes overflow 64 bits");
    *out = p;
    return FRUGAL_OK;
}

}  // namespace frugal

using namespace frugal;

extern "C" {

frugal_status frugal_concat_out_shape(const frugal_concat_desc *desc, int32_t *rank, int64_t *dims) {
    if (rank == nullptr || dims == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "concat_out_shape: rank or dims is null");
    clear_error();
    ConcatProblem p;
    if (frugal_status s = make_concat_problem(desc, &p); s != FRUGAL_OK) return s;
    *rank = p.d.rank;
    for (int i = 0; i < p.d.rank; ++i) dims[i] = p.dst_dims[i];
    return FRUGAL_OK;
}

frugal_status frugal_concat_create(const frugal_concat_desc *desc, const frugal_op_options *options, frugal_concat **out) {
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "concat_create: out is null");
    *out = nullptr;
    return guarded("concat", [&] {
        ConcatProblem p;
        if (frugal_status s = make_concat_problem(desc, &p); s != FRUGAL_OK) return s;
        size_t n;
        const ConcatEntry *list = concat_list(&n);
        std::shared_ptr<const Kernel> kernel;
        frugal_status s = create_kernel("concat", list, n, options ? options->impl : nullptr, p, nullptr, nullptr, &kernel);
        if (s != FRUGAL_OK) return s;
        return wrap_kernel(std::move(kernel), out);
    });
}

frugal_status frugal_concat_share(const frugal_concat *c, frugal_concat **out) { return share_handle("concat", c, out); }

frugal_status frugal_concat_execute(frugal_concat *c, const float *const *srcs, int32_t count, float *dst) {
    if (c == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "concat_execute: handle is null");
    if (srcs == nullptr || dst == nullptr)
        return fail(FRUGAL_INVALID_ARGUMENT, "concat_execute: %s is null", srcs == nullptr ? "srcs" : "dst");
    if (count < 1 || count > FRUGAL_MAX_CONCAT_INPUTS)
        return fail(FRUGAL_INVALID_ARGUMENT, "concat_execute: count %d must be 1 to %d", count, FRUGAL_MAX_CONCAT_INPUTS);
    for (int32_t i = 0; i < count; ++i)
        if (srcs[i] == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "concat_execute: srcs[%d] is null", i);
    return guarded("concat", [&] { return c->kernel->execute_many(c->state.get(), srcs, (size_t)count, dst); });
}

const char *frugal_concat_impl_name(const frugal_concat *c) { return handle_impl_name(c); }

void frugal_concat_destroy(frugal_concat *c) { delete c; }

}  // extern "C"
