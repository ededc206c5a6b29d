#include "dispatch/impl_list.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/error.h"
#include "cpu/cpu_features.h"

namespace frugal {

namespace {
// Whether prefix is a prefix of name ending at a ':' boundary (or all of it).
bool is_name_prefix(const char *prefix, const char *name) {
    size_t len = std::strlen(prefix);
    return std::strncmp(prefix, name, len) == 0 && (name[len] == '\0' || name[len] == ':');
}
}  // namespace

bool impl_name_matches(const char *pinned, const char *name) {
    if (pinned == nullptr || *pinned == '\0') return true;
    // "ref" selects "ref:direct"; "onednn:brg_conv_fwd:avx2" (a full reported name) selects the
    // "onednn" entry, whose kernel must then turn out to be that one (pinned_kernel_matches).
    return is_name_prefix(pinned, name) || is_name_prefix(name, pinned);
}

bool pinned_kernel_matches(const char *pinned, const char *kernel_name) {
    return pinned == nullptr || *pinned == '\0' || is_name_prefix(pinned, kernel_name);
}

bool verbose_dispatch() {
    static const bool on = [] {
        const char *v = std::getenv("FRUGAL_VERBOSE");
        return v != nullptr && (std::strstr(v, "dispatch") != nullptr || std::strcmp(v, "all") == 0);
    }();
    return on;
}

namespace detail {

frugal_status check_config(const char *op) {
    if (const char *error = cpu::config_error()) return fail(FRUGAL_INVALID_ARGUMENT, "%s: %s", op, error);
    return FRUGAL_OK;
}

bool Selection::accepts(const ImplInfo &e) {
    names += (names.empty() ? "" : ", ") + std::string(e.name);
    if (!impl_name_matches(pinned, e.name)) return false;
    any_name_matched = true;
    if (!cpu::isa_allowed(e.isa)) {
        isa_refused = true;
        declined(e, FRUGAL_UNSUPPORTED_ISA,
                 std::string("needs ") + frugal_isa_name(e.isa) + ", this CPU offers " +
                     frugal_isa_name(cpu::effective_isa()) +
                     (cpu::info().max_isa_env[0] ? std::string(" (capped by FRUGAL_MAX_ISA=") +
                                                       cpu::info().max_isa_env + ")"
                                                 : std::string()));
        return false;
    }
    return true;
}

void Selection::declined(const ImplInfo &e, frugal_status, const std::string &why) {
    if (!reasons.empty()) reasons += "; ";
    reasons += e.name;
    reasons += ": ";
    reasons += why;
    if (verbose_dispatch()) std::fprintf(stderr, "frugal dispatch: %s: %s declined: %s\n", op, e.name, why.c_str());
}

frugal_status Selection::finish() {
    if (!any_name_matched) {
        return fail(FRUGAL_INVALID_ARGUMENT, "%s: no kernel named '%s' (kernels: %s)", op, pinned, names.c_str());
    }
    bool pinned_one = pinned != nullptr && *pinned != '\0';
    if (pinned_one && isa_refused)
        return fail(FRUGAL_UNSUPPORTED_ISA, "%s: kernel '%s' cannot run here: %s", op, pinned, reasons.c_str());
    if (pinned_one)
        return fail(FRUGAL_UNIMPLEMENTED, "%s: the pinned kernel '%s' does not serve this problem: %s", op, pinned,
                    reasons.c_str());
    return fail(FRUGAL_UNIMPLEMENTED, "%s: no kernel serves this problem: %s", op, reasons.c_str());
}

}  // namespace detail
}  // namespace frugal
