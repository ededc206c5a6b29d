// A line of a weighted operator's kernel list: its name and ISA, and the factory that builds
// the kernel (packing the weights) or declines with FRUGAL_UNIMPLEMENTED and a reason.
#pragma once

#include <memory>
#include <string>

#include "dispatch/impl_list.h"
#include "ops/kernel.h"

namespace frugal {

template <typename Problem>
struct KernelEntry {
    // A function type, so that kernel files' factories can be declared with it.
    using FactoryFn = frugal_status(const Problem &p, const float *weights, const float *bias,
                                    std::shared_ptr<const Kernel> *out, std::string *why);
    using Factory = FactoryFn *;
    ImplInfo info;
    Factory create;
};

// Selects and builds the kernel for p from list (pinned: NULL or a kernel name or prefix).
template <typename Problem>
frugal_status create_kernel(const char *op, const KernelEntry<Problem> *list, size_t n, const char *pinned,
                            const Problem &p, const float *weights, const float *bias,
                            std::shared_ptr<const Kernel> *out) {
    return select_impl(op, list, n, pinned, [&](size_t i, std::string *why) -> frugal_status {
        frugal_status s = list[i].create(p, weights, bias, out, why);
        if (s == FRUGAL_OK && !pinned_kernel_matches(pinned, (*out)->name().c_str())) {
            *why = "built " + (*out)->name() + ", not the pinned kernel";
            out->reset();
            return FRUGAL_UNIMPLEMENTED;
        }
        return s;
    });
}

}  // namespace frugal
