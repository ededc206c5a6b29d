// C ABI of fp32 binary element-wise operations with ONNX broadcasting: validation of the
// descriptor, then kernel selection.
#include <memory>

#include "core/checked_math.h"
#include "core/error.h"
#include "dispatch/binary_list.h"
#include "ops/activation.h"
#include "ops/op_handle.h"

namespace frugal {

frugal_status make_binary_problem(const frugal_binary_desc *desc, BinaryProblem *out) {
    if (desc == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "binary: descriptor is null");
    const frugal_binary_desc &d = *desc;
    if (d.kind < FRUGAL_BINARY_ADD || d.kind > FRUGAL_BINARY_DIV)
        return fail(FRUGAL_INVALID_ARGUMENT, "binary: unknown kind %d", d.kind);
    if (d.rank0 < 0 || d.rank0 > FRUGAL_MAX_RANK || d.rank1 < 0 || d.rank1 > FRUGAL_MAX_RANK)
        return fail(FRUGAL_INVALID_ARGUMENT, "binary: ranks %d and %d must be 0 to %d", d.rank0, d.rank1, FRUGAL_MAX_RANK);
    if (std::string why = check_activation(d.activation); !why.empty())
        return fail(FRUGAL_INVALID_ARGUMENT, "binary: %s", why.c_str());
    BinaryProblem p;
    p.d = d;
    p.rank = d.rank0 > d.rank1 ? d.rank0 : d.rank1;
    for (int i = 0; i < p.rank; ++i) {
        const int i0 = i - (p.rank - d.rank0), i1 = i - (p.rank - d.rank1);
        p.a[i] = i0 >= 0 ? d.dims0[i0] : 1;
        p.b[i] = i1 >= 0 ? d.dims1[i1] : 1;
        if (p.a[i] <= 0 || p.b[i] <= 0)
            return fail(FRUGAL_INVALID_ARGUMENT, "binary: dimensions must be positive (src%d axis %d)", p.a[i] <= 0 ? 0 : 1,
                        p.a[i] <= 0 ? i0 : i1);
        if (p.a[i] != p.b[i] && p.a[i] != 1 && p.b[i] != 1)
            return fail(FRUGAL_INVALID_ARGUMENT, "binary: shapes do not broadcast: output axis %d is %lld in src0, %lld in src1", i,
                        (long long)p.a[i], (long long)p.b[i]);
        p.out[i] = p.a[i] == 1 ? p.b[i] : p.a[i];
    }
    int64_t bytes;
    if (!checked_product(p.a, p.rank, &p.a_elems) || !checked_product(p.b, p.rank, &p.b_elems) ||
        !checked_product(p.out, p.rank, &p.dst_elems) || !checked_mul(p.dst_elems, 4, &bytes) ||
        !checked_mul(p.a_elems, 4, &bytes) || !checked_mul(p.b_elems, 4, &bytes))
        return fail(FRUGAL_INVALID_ARGUMENT, "binary: tensor sizes overflow 64 bits");
    *out = p;
    return FRUGAL_OK;
}

}  // namespace frugal

using namespace frugal;

extern "C" {

frugal_status frugal_binary_out_shape(const frugal_binary_desc *desc, int32_t *rank, int64_t *dims) {
    if (rank == nullptr || dims == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "binary_out_shape: rank or dims is null");
    clear_error();
    BinaryProblem p;
    if (frugal_status s = make_binary_problem(desc, &p); s != FRUGAL_OK) return s;
    *rank = p.rank;
    for (int i = 0; i < p.rank; ++i) dims[i] = p.out[i];
    return FRUGAL_OK;
}

frugal_status frugal_binary_create(const frugal_binary_desc *desc, const frugal_op_options *options, frugal_binary **out) {
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "binary_create: out is null");
    *out = nullptr;
    return guarded("binary", [&] {
        BinaryProblem p;
        if (frugal_status s = make_binary_problem(desc, &p); s != FRUGAL_OK) return s;
        size_t n;
        const BinaryEntry *list = binary_list(&n);
        std::shared_ptr<const Kernel> kernel;
        frugal_status s = create_kernel("binary", list, n, options ? options->impl : nullptr, p, nullptr, nullptr, &kernel);
        if (s != FRUGAL_OK) return s;
        return wrap_kernel(std::move(kernel), out);
    });
}

frugal_status frugal_binary_share(const frugal_binary *b, frugal_binary **out) { return share_handle("binary", b, out); }

frugal_status frugal_binary_execute(frugal_binary *b, const float *src0, const float *src1, float *dst) {
    if (b == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "binary_execute: handle is null");
    if (src0 == nullptr || src1 == nullptr || dst == nullptr)
        return fail(FRUGAL_INVALID_ARGUMENT, "binary_execute: %s is null", src0 == nullptr ? "src0" : src1 == nullptr ? "src1" : "dst");
    return guarded("binary", [&] { return b->kernel->execute_binary(b->state.get(), src0, src1, dst); });
}

const char *frugal_binary_impl_name(const frugal_binary *b) { return handle_impl_name(b); }

void frugal_binary_destroy(frugal_binary *b) { delete b; }

}  // extern "C"
