// The C ABI plumbing every weighted operator shares: wrapping a chosen kernel in a handle,
// sharing it with another thread, executing, naming, destroying.
#pragma once

#include <memory>
#include <new>

#include "core/error.h"
#include "ops/kernel.h"

namespace frugal {

template <typename Handle>
frugal_status wrap_kernel(std::shared_ptr<const Kernel> kernel, Handle **out) {
    auto h = std::make_unique<Handle>();
    h->state = kernel->make_state();
    h->kernel = std::move(kernel);
    *out = h.release();
    return FRUGAL_OK;
}

template <typename Handle>
frugal_status share_handle(const char *op, const Handle *h, Handle **out) {
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "%s_share: out is null", op);
    *out = nullptr;
    if (h == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "%s_share: handle is null", op);
    return guarded(op, [&] { return wrap_kernel(h->kernel, out); });
}

template <typename Handle>
frugal_status execute_handle(const char *op, Handle *h, const float *src, float *dst) {
    if (h == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "%s_execute: handle is null", op);
    if (src == nullptr || dst == nullptr)
        return fail(FRUGAL_INVALID_ARGUMENT, "%s_execute: %s is null", op, src == nullptr ? "src" : "dst");
    return guarded(op, [&] { return h->kernel->execute(h->state.get(), src, dst); });
}

template <typename Handle>
const char *handle_impl_name(const Handle *h) {
    return h == nullptr ? "" : h->kernel->name().c_str();
}

}  // namespace frugal
