// C ABI of fp32 reorder (strided copy): validation of the descriptor, then kernel selection.
#include <memory>

#include "core/checked_math.h"
#include "core/error.h"
#include "dispatch/reorder_list.h"
#include "ops/op_handle.h"

namespace frugal {

frugal_status make_reorder_problem(const frugal_reorder_desc *desc, ReorderProblem *out) {
    if (desc == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "reorder: descriptor is null");
    const frugal_reorder_desc &d = *desc;
    if (d.rank < 1 || d.rank > FRUGAL_MAX_RANK)
        return fail(FRUGAL_INVALID_ARGUMENT, "reorder: rank %d must be 1 to %d", d.rank, FRUGAL_MAX_RANK);
    for (int i = 0; i < d.rank; ++i) {
        if (d.dims[i] <= 0)
            return fail(FRUGAL_INVALID_ARGUMENT, "reorder: dimension %d must be positive, got %lld", i, (long long)d.dims[i]);
        if (d.src_strides[i] < 0)
            return fail(FRUGAL_INVALID_ARGUMENT, "reorder: stride %d must not be negative, got %lld", i,
                        (long long)d.src_strides[i]);
    }
    if (d.src_offset < 0)
        return fail(FRUGAL_INVALID_ARGUMENT, "reorder: src_offset must not be negative, got %lld", (long long)d.src_offset);
    if (d.src_elements <= 0)
        return fail(FRUGAL_INVALID_ARGUMENT, "reorder: src_elements must be positive, got %lld", (long long)d.src_elements);
    ReorderProblem p;
    p.d = d;
    int64_t bytes;
    if (!checked_product(d.dims, d.rank, &p.dst_elems) || !checked_mul(p.dst_elems, 4, &bytes) ||
        !checked_mul(d.src_elements, 4, &bytes))
        return fail(FRUGAL_INVALID_ARGUMENT, "reorder: tensor sizes overflow 64 bits");
    // The highest index any element reads (strides are >= 0, so the last element's): proving it
    // is inside src once here is what lets every kernel read without checks.
    p.last_read = d.src_offset;
    for (int i = 0; i < d.rank; ++i) {
        int64_t span;
        if (!checked_mul(d.dims[i] - 1, d.src_strides[i], &span) || !checked_add(p.last_read, span, &p.last_read))
            return fail(FRUGAL_INVALID_ARGUMENT, "reorder: the strided view's extent overflows 64 bits");
    }
    if (p.last_read >= d.src_elements)
        return fail(FRUGAL_INVALID_ARGUMENT, "reorder: the view reads src element %lld, but src holds %lld elements",
                    (long long)p.last_read, (long long)d.src_elements);
    *out = p;
    return FRUGAL_OK;
}

}  // namespace frugal

using namespace frugal;

extern "C" {

frugal_status frugal_reorder_create(const frugal_reorder_desc *desc, const frugal_op_options *options, frugal_reorder **out) {
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "reorder_create: out is null");
    *out = nullptr;
    return guarded("reorder", [&] {
        ReorderProblem p;
        if (frugal_status s = make_reorder_problem(desc, &p); s != FRUGAL_OK) return s;
        size_t n;
        const ReorderEntry *list = reorder_list(&n);
        std::shared_ptr<const Kernel> kernel;
        frugal_status s = create_kernel("reorder", list, n, options ? options->impl : nullptr, p, nullptr, nullptr, &kernel);
        if (s != FRUGAL_OK) return s;
        return wrap_kernel(std::move(kernel), out);
    });
}

frugal_status frugal_reorder_share(const frugal_reorder *h, frugal_reorder **out) { return share_handle("reorder", h, out); }

frugal_status frugal_reorder_execute(frugal_reorder *h, const float *src, float *dst) {
    return execute_handle("reorder", h, src, dst);
}

const char *frugal_reorder_impl_name(const frugal_reorder *h) { return handle_impl_name(h); }

void frugal_reorder_destroy(frugal_reorder *h) { delete h; }

}  // extern "C"
