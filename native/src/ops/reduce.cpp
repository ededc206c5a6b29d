// C ABI of fp32 reductions (ONNX ReduceMean, ReduceSum, ReduceMax, ReduceMin, ReduceProd,
// ReduceL2, ReduceSumSquare): validation of the descriptor, then kernel selection.
#include <memory>

#include "core/checked_math.h"
#include "core/error.h"
#include "dispatch/reduce_list.h"
#include "ops/op_handle.h"

namespace frugal {

frugal_status make_reduce_problem(const frugal_reduce_desc *desc, ReduceProblem *out) {
    if (desc == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "reduce: descriptor is null");
    const frugal_reduce_desc &d = *desc;
    if (d.kind < FRUGAL_REDUCE_MEAN || d.kind > FRUGAL_REDUCE_SUM_SQUARE)
        return fail(FRUGAL_INVALID_ARGUMENT, "reduce: unknown kind %d", d.kind);
    if (d.rank < 1 || d.rank > FRUGAL_MAX_RANK)
        return fail(FRUGAL_INVALID_ARGUMENT, "reduce: rank %d must be 1 to %d", d.rank, FRUGAL_MAX_RANK);
    for (int i = 0; i < d.rank; ++i)
        if (d.dims[i] <= 0)
            return fail(FRUGAL_INVALID_ARGUMENT, "reduce: dimension %d must be positive, got %lld", i, (long long)d.dims[i]);
    const uint32_t all = (1u << d.rank) - 1;
    const uint32_t mask = (uint32_t)d.axes_mask;
    if ((mask & ~all) != 0)
        return fail(FRUGAL_INVALID_ARGUMENT, "reduce: axes_mask 0x%x names axes outside [0, %d)", mask, d.rank);
    ReduceProblem p;
    p.d = d;
    p.mask = mask == 0 ? all : mask;  // ONNX: empty axes reduce everything (noop_with_empty_axes = 0)
    for (int i = 0; i < d.rank; ++i) p.out[i] = (p.mask >> i) & 1u ? 1 : d.dims[i];
    int64_t bytes;
    if (!checked_product(d.dims, d.rank, &p.src_elems) || !checked_mul(p.src_elems, 4, &bytes))
        return fail(FRUGAL_INVALID_ARGUMENT, "reduce: tensor sizes overflow 64 bits");
    checked_product(p.out, d.rank, &p.dst_elems);  // divides src_elems: cannot overflow
    p.reduced = p.src_elems / p.dst_elems;
    *out = p;
    return FRUGAL_OK;
}

}  // namespace frugal

using namespace frugal;

extern "C" {

frugal_status frugal_reduce_out_shape(const frugal_reduce_desc *desc, int32_t *rank, int64_t *dims) {
    if (rank == nullptr || dims == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "reduce_out_shape: rank or dims is null");
    clear_error();
    ReduceProblem p;
    if (frugal_status s = make_reduce_problem(desc, &p); s != FRUGAL_OK) return s;
    *rank = p.d.rank;
    for (int i = 0; i < p.d.rank; ++i) dims[i] = p.out[i];
    return FRUGAL_OK;
}

frugal_status frugal_reduce_create(const frugal_reduce_desc *desc, const frugal_op_options *options, frugal_reduce **out) {
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "reduce_create: out is null");
    *out = nullptr;
    return guarded("reduce", [&] {
        ReduceProblem p;
        if (frugal_status s = make_reduce_problem(desc, &p); s != FRUGAL_OK) return s;
        size_t n;
        const ReduceEntry *list = reduce_list(&n);
        std::shared_ptr<const Kernel> kernel;
        frugal_status s = create_kernel("reduce", list, n, options ? options->impl : nullptr, p, nullptr, nullptr, &kernel);
        if (s != FRUGAL_OK) return s;
        return wrap_kernel(std::move(kernel), out);
    });
}

frugal_status frugal_reduce_share(const frugal_reduce *h, frugal_reduce **out) { return share_handle("reduce", h, out); }

frugal_status frugal_reduce_execute(frugal_reduce *h, const float *src, float *dst) {
    return execute_handle("reduce", h, src, dst);
}

const char *frugal_reduce_impl_name(const frugal_reduce *h) { return handle_impl_name(h); }

void frugal_reduce_destroy(frugal_reduce *h) { delete h; }

}  // extern "C"
