// C ABI of fp32 matrix multiply with constant weights: validation, then kernel selection.
#include <memory>

#include "core/checked_math.h"
#include "core/error.h"
#include "dispatch/matmul_list.h"
#include "ops/activation.h"
#include "ops/op_handle.h"

namespace frugal {

frugal_status make_matmul_problem(const frugal_matmul_desc *desc, MatmulProblem *out, const char *op) {
    if (desc == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "%s: descriptor is null", op);
    const frugal_matmul_desc &d = *desc;
    const struct {
        const char *name;
        int64_t value;
    } dims[] = {{"batch", d.batch}, {"m", d.m}, {"k", d.k}, {"n", d.n}};
    for (const auto &x : dims)
        if (x.value <= 0) return fail(FRUGAL_INVALID_ARGUMENT, "%s: %s must be positive, got %lld", op, x.name, (long long)x.value);
    if (d.weights_transposed != 0 && d.weights_transposed != 1)
        return fail(FRUGAL_INVALID_ARGUMENT, "%s: weights_transposed must be 0 or 1, got %d", op, d.weights_transposed);
    if (std::string why = check_activation(d.activation); !why.empty())
        return fail(FRUGAL_INVALID_ARGUMENT, "%s: %s", op, why.c_str());
    MatmulProblem p;
    p.d = d;
    const int64_t src[] = {d.batch, d.m, d.k}, dst[] = {d.batch, d.m, d.n}, wei[] = {d.k, d.n};
    int64_t bytes;
    if (!checked_product(src, 3, &p.src_elems) || !checked_product(dst, 3, &p.dst_elems) ||
        !checked_product(wei, 2, &p.weight_elems) || !checked_mul(p.src_elems, 4, &bytes) ||
        !checked_mul(p.dst_elems, 4, &bytes) || !checked_mul(p.weight_elems, 4, &bytes))
        return fail(FRUGAL_INVALID_ARGUMENT, "%s: tensor sizes overflow 64 bits", op);
    *out = p;
    return FRUGAL_OK;
}

}  // namespace frugal

using namespace frugal;

extern "C" {

frugal_status frugal_matmul_create(const frugal_matmul_desc *desc, const frugal_op_options *options,
                                   const float *weights, const float *bias, frugal_matmul **out) {
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "matmul_create: out is null");
    *out = nullptr;
    if (weights == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "matmul_create: weights are null");
    return guarded("matmul", [&] {
        MatmulProblem p;
        if (frugal_status s = make_matmul_problem(desc, &p); s != FRUGAL_OK) return s;
        size_t n;
        const MatmulEntry *list = matmul_list(&n);
        std::shared_ptr<const Kernel> kernel;
        frugal_status s = create_kernel("matmul", list, n, options ? options->impl : nullptr, p, weights, bias, &kernel);
        if (s != FRUGAL_OK) return s;
        return wrap_kernel(std::move(kernel), out);
    });
}

frugal_status frugal_matmul_share(const frugal_matmul *matmul, frugal_matmul **out) { return share_handle("matmul", matmul, out); }

frugal_status frugal_matmul_execute(frugal_matmul *matmul, const float *src, float *dst) {
    return execute_handle("matmul", matmul, src, dst);
}

const char *frugal_matmul_impl_name(const frugal_matmul *matmul) { return handle_impl_name(matmul); }

void frugal_matmul_destroy(frugal_matmul *matmul) { delete matmul; }

}  // extern "C"
