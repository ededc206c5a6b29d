// C ABI of fp32 batched matmul of two run-time tensors (ONNX MatMul, numpy semantics):
// validation of the descriptor, then kernel selection.
#include <memory>

#include "core/checked_math.h"
#include "core/error.h"
#include "dispatch/batch_matmul_list.h"
#include "ops/op_handle.h"

namespace frugal {

frugal_status make_batch_matmul_problem(const frugal_batch_matmul_desc *desc, BatchMatMulProblem *out) {
    if (desc == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "batch_matmul: descriptor is null");
    const frugal_batch_matmul_desc &d = *desc;
    if (d.a_rank < 1 || d.a_rank > FRUGAL_MAX_RANK || d.b_rank < 1 || d.b_rank > FRUGAL_MAX_RANK)
        return fail(FRUGAL_INVALID_ARGUMENT, "batch_matmul: ranks %d and %d must be 1 to %d", d.a_rank, d.b_rank,
                    FRUGAL_MAX_RANK);
    for (int i = 0; i < d.a_rank; ++i)
        if (d.a_dims[i] <= 0)
            return fail(FRUGAL_INVALID_ARGUMENT, "batch_matmul: a dimension %d must be positive, got %lld", i,
                        (long long)d.a_dims[i]);
    for (int i = 0; i < d.b_rank; ++i)
        if (d.b_dims[i] <= 0)
            return fail(FRUGAL_INVALID_ARGUMENT, "batch_matmul: b dimension %d must be positive, got %lld", i,
                        (long long)d.b_dims[i]);
    BatchMatMulProblem p;
    p.d = d;
    // numpy's promotion: [K] x [..., K, N] is [1, K] x ..., and [..., M, K] x [K] is ... x [K, 1].
    int64_t a2[FRUGAL_MAX_RANK + 1], b2[FRUGAL_MAX_RANK + 1];
    int ra = d.a_rank, rb = d.b_rank;
    if (ra == 1) {
        a2[0] = 1;
        a2[1] = d.a_dims[0];
        ra = 2;
    } else {
        for (int i = 0; i < ra; ++i) a2[i] = d.a_dims[i];
    }
    if (rb == 1) {
        b2[0] = d.b_dims[0];
        b2[1] = 1;
        rb = 2;
    } else {
        for (int i = 0; i < rb; ++i) b2[i] = d.b_dims[i];
    }
    p.rank = ra > rb ? ra : rb;  // <= FRUGAL_MAX_RANK: promotion only lifts rank 1 to 2
    p.m = a2[ra - 2];
    p.k = a2[ra - 1];
    p.n = b2[rb - 1];
    if (b2[rb - 2] != p.k)
        return fail(FRUGAL_INVALID_ARGUMENT, "batch_matmul: a's last dimension %lld does not match b's %s %lld",
                    (long long)p.k, d.b_rank == 1 ? "only dimension" : "second-to-last dimension", (long long)b2[rb - 2]);
    for (int i = 0; i < p.rank; ++i) {
        const int ia = i - (p.rank - ra), ib = i - (p.rank - rb);
        p.a[i] = ia >= 0 ? a2[ia] : 1;
        p.b[i] = ib >= 0 ? b2[ib] : 1;
        if (i < p.rank - 2) {
            if (p.a[i] != p.b[i] && p.a[i] != 1 && p.b[i] != 1)
                return fail(FRUGAL_INVALID_ARGUMENT,
                            "batch_matmul: batch dimensions do not broadcast: output axis %d is %lld in a, %lld in b", i,
                            (long long)p.a[i], (long long)p.b[i]);
            p.out[i] = p.a[i] == 1 ? p.b[i] : p.a[i];
        }
    }
    p.out[p.rank - 2] = p.m;
    p.out[p.rank - 1] = p.n;
    int64_t bytes;
    if (!checked_product(p.a, p.rank, &p.a_elems) || !checked_product(p.b, p.rank, &p.b_elems) ||
        !checked_product(p.out, p.rank, &p.dst_elems) || !checked_product(p.out, p.rank - 2, &p.batch) ||
        !checked_mul(p.a_elems, 4, &bytes) || !checked_mul(p.b_elems, 4, &bytes) || !checked_mul(p.dst_elems, 4, &bytes))
        return fail(FRUGAL_INVALID_ARGUMENT, "batch_matmul: tensor sizes overflow 64 bits");
    p.out_rank = 0;
    for (int i = 0; i < p.rank - 2; ++i) p.out_dims[p.out_rank++] = p.out[i];
    if (d.a_rank > 1) p.out_dims[p.out_rank++] = p.m;
    if (d.b_rank > 1) p.out_dims[p.out_rank++] = p.n;
    *out = p;
    return FRUGAL_OK;
}

}  // namespace frugal

using namespace frugal;

extern "C" {

frugal_status frugal_batch_matmul_out_shape(const frugal_batch_matmul_desc *desc, int32_t *rank, int64_t *dims) {
    if (rank == nullptr || dims == nullptr)
        return fail(FRUGAL_INVALID_ARGUMENT, "batch_matmul_out_shape: rank or dims is null");
    clear_error();
    BatchMatMulProblem p;
    if (frugal_status s = make_batch_matmul_problem(desc, &p); s != FRUGAL_OK) return s;
    *rank = p.out_rank;
    for (int i = 0; i < p.out_rank; ++i) dims[i] = p.out_dims[i];
    return FRUGAL_OK;
}

frugal_status frugal_batch_matmul_create(const frugal_batch_matmul_desc *desc, const frugal_op_options *options,
                                         frugal_batch_matmul **out) {
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "batch_matmul_create: out is null");
    *out = nullptr;
    return guarded("batch_matmul", [&] {
        BatchMatMulProblem p;
        if (frugal_status s = make_batch_matmul_problem(desc, &p); s != FRUGAL_OK) return s;
        size_t n;
        const BatchMatMulEntry *list = batch_matmul_list(&n);
        std::shared_ptr<const Kernel> kernel;
        frugal_status s =
            create_kernel("batch_matmul", list, n, options ? options->impl : nullptr, p, nullptr, nullptr, &kernel);
        if (s != FRUGAL_OK) return s;
        return wrap_kernel(std::move(kernel), out);
    });
}

frugal_status frugal_batch_matmul_share(const frugal_batch_matmul *h, frugal_batch_matmul **out) {
    return share_handle("batch_matmul", h, out);
}

frugal_status frugal_batch_matmul_execute(frugal_batch_matmul *h, const float *a, const float *b, float *dst) {
    if (h == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "batch_matmul_execute: handle is null");
    if (a == nullptr || b == nullptr || dst == nullptr)
        return fail(FRUGAL_INVALID_ARGUMENT, "batch_matmul_execute: %s is null", a == nullptr ? "a" : b == nullptr ? "b" : "dst");
    return guarded("batch_matmul", [&] { return h->kernel->execute_binary(h->state.get(), a, b, dst); });
}

const char *frugal_batch_matmul_impl_name(const frugal_batch_matmul *h) { return handle_impl_name(h); }

void frugal_batch_matmul_destroy(frugal_batch_matmul *h) { delete h; }

}  // extern "C"
