// Kernel selection shared by every operator: an ordered list of entries, fastest first and
// always ending with the reference. The first entry that accepts the problem serves it.
// An entry declines with FRUGAL_UNIMPLEMENTED and a reason; under FRUGAL_VERBOSE=dispatch every
// reason is printed to stderr, as oneDNN does under ONEDNN_VERBOSE=dispatch.
//
// Adding a kernel touches its own files and one line of its operator's list, nothing here.
#pragma once

#include <cstddef>
#include <string>

#include "frugal/frugal.h"

namespace frugal {

// One line of an operator's list. Try is any callable: frugal_status(std::string *why).
struct ImplInfo {
    const char *name;  // "onednn", "ref:direct", "avx512:convert": pin-able by name or prefix
    frugal_isa isa;    // lowest ISA level the kernel needs
};

// True when the list entry name matches the pinned request: NULL or "" pins nothing; otherwise
// one must be a prefix of the other at a ':' boundary, so "ref" matches "ref:direct" but "re"
// does not, and a full reported kernel name "onednn:brg_conv_fwd:avx2" matches "onednn".
bool impl_name_matches(const char *pinned, const char *name);

// After an entry built its kernel: whether the kernel's full name honours the pin (a pin of
// "onednn:brg_conv_fwd:avx2" must not silently get "onednn:jit:sse41").
bool pinned_kernel_matches(const char *pinned, const char *kernel_name);

// Whether FRUGAL_VERBOSE asks for dispatch reasons.
bool verbose_dispatch();

// An entry is an ImplInfo or any struct with an ImplInfo member named info (plus its factory).
inline const ImplInfo &info_of(const ImplInfo &e) { return e; }
template <typename Entry>
inline const ImplInfo &info_of(const Entry &e) { return e.info; }

// Walks entries[0..n): skips those not matching pinned, refuses those above the ISA cap, and
// calls try_entry(index, &why) on the rest until one returns FRUGAL_OK. On failure the status
// and message say why every candidate declined (FRUGAL_UNSUPPORTED_ISA when the pinned kernel
// needs an ISA this CPU lacks; FRUGAL_INVALID_ARGUMENT when no kernel has the pinned name).
template <typename Entry, typename TryEntry>
frugal_status select_impl(const char *op, const Entry *entries, size_t n, const char *pinned,
                          TryEntry &&try_entry);

// Non-template part of select_impl, in impl_list.cpp.
namespace detail {
// FRUGAL_INVALID_ARGUMENT if FRUGAL_MAX_ISA is set to an unknown level.
frugal_status check_config(const char *op);

struct Selection {
    const char *op;
    const char *pinned;
    std::string reasons;
    std::string names;  // every entry's name, for "no kernel named ..."
    bool any_name_matched = false;
    bool isa_refused = false;
    bool accepts(const ImplInfo &e);                       // name and ISA checks
    void declined(const ImplInfo &e, frugal_status s, const std::string &why);
    frugal_status finish();  // the failure status + message
};
}  // namespace detail

template <typename Entry, typename TryEntry>
frugal_status select_impl(const char *op, const Entry *entries, size_t n, const char *pinned,
                          TryEntry &&try_entry) {
    if (frugal_status s = detail::check_config(op); s != FRUGAL_OK) return s;
    detail::Selection sel{op, pinned, {}, {}};
    for (size_t i = 0; i < n; ++i) {
        const ImplInfo &info = info_of(entries[i]);
        if (!sel.accepts(info)) continue;
        std::string why;
        frugal_status s = try_entry(i, &why);
        if (s == FRUGAL_OK) return FRUGAL_OK;
        if (s != FRUGAL_UNIMPLEMENTED) return s;  // a real error, not a refusal
        sel.declined(info, s, why);
    }
    return sel.finish();
}

}  // namespace frugal
