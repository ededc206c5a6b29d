// C ABI of the standalone fp32 activation: validation of the descriptor, then kernel selection.
#include <memory>

#include "core/checked_math.h"
#include "core/error.h"
#include "dispatch/eltwise_list.h"
#include "ops/activation.h"
#include "ops/op_handle.h"

namespace frugal {

frugal_status make_eltwise_problem(const frugal_eltwise_desc *desc, EltwiseProblem *out) {
    if (desc == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "eltwise: descriptor is null");
    const frugal_eltwise_desc &d = *desc;
    if (d.count <= 0) return fail(FRUGAL_INVALID_ARGUMENT, "eltwise: count must be positive, got %lld", (long long)d.count);
    int64_t bytes;
    if (!checked_mul(d.count, 4, &bytes)) return fail(FRUGAL_INVALID_ARGUMENT, "eltwise: tensor size overflows 64 bits");
    if (std::string why = check_activation(d.activation); !why.empty())
        return fail(FRUGAL_INVALID_ARGUMENT, "eltwise: %s", why.c_str());
    out->d = d;
    return FRUGAL_OK;
}

}  // namespace frugal

using namespace frugal;

extern "C" {

frugal_status frugal_eltwise_create(const frugal_eltwise_desc *desc, const frugal_op_options *options, frugal_eltwise **out) {
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "eltwise_create: out is null");
    *out = nullptr;
    return guarded("eltwise", [&] {
        EltwiseProblem p;
        if (frugal_status s = make_eltwise_problem(desc, &p); s != FRUGAL_OK) return s;
        size_t n;
        const EltwiseEntry *list = eltwise_list(&n);
        std::shared_ptr<const Kernel> kernel;
        frugal_status s = create_kernel("eltwise", list, n, options ? options->impl : nullptr, p, nullptr, nullptr, &kernel);
        if (s != FRUGAL_OK) return s;
        return wrap_kernel(std::move(kernel), out);
    });
}

frugal_status frugal_eltwise_share(const frugal_eltwise *e, frugal_eltwise **out) { return share_handle("eltwise", e, out); }

frugal_status frugal_eltwise_execute(frugal_eltwise *e, const float *src, float *dst) {
    return execute_handle("eltwise", e, src, dst);
}

const char *frugal_eltwise_impl_name(const frugal_eltwise *e) { return handle_impl_name(e); }

void frugal_eltwise_destroy(frugal_eltwise *e) { delete e; }

}  // extern "C"
