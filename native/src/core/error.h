// Thread-local error messages behind frugal_last_error(), and the helpers every C ABI entry
// uses to fail with a message instead of letting a C++ exception cross the boundary.
#pragma once

#include <cstdarg>
#include <string>

#include "frugal/frugal.h"

namespace frugal {

// Records msg (printf format) for frugal_last_error() and returns status.
frugal_status fail(frugal_status status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void clear_error();

// Runs body (returning frugal_status); turns any C++ exception into FRUGAL_RUNTIME_ERROR or
// FRUGAL_OUT_OF_MEMORY with its message. Every extern "C" entry that may throw goes through it.
template <typename Body>
frugal_status guarded(const char *where, Body &&body) noexcept {
    try {
        clear_error();
        return body();
    } catch (const std::bad_alloc &) {
        return fail(FRUGAL_OUT_OF_MEMORY, "%s: out of memory", where);
    } catch (const std::exception &e) {
        return fail(FRUGAL_RUNTIME_ERROR, "%s: %s", where, e.what());
    } catch (...) {
        return fail(FRUGAL_RUNTIME_ERROR, "%s: unknown exception", where);
    }
}

}  // namespace frugal
