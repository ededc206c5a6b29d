#include "core/error.h"

#include <cstdio>
#include <new>

namespace frugal {
namespace {
thread_local char last_error[1024] = "";
}

frugal_status fail(frugal_status status, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(last_error, sizeof last_error, fmt, args);
    va_end(args);
    return status;
}

void clear_error() { last_error[0] = '\0'; }

}  // namespace frugal

extern "C" {

const char *frugal_last_error(void) { return frugal::last_error; }

const char *frugal_status_name(frugal_status status) {
    switch (status) {
        case FRUGAL_OK: return "FRUGAL_OK";
        case FRUGAL_INVALID_ARGUMENT: return "FRUGAL_INVALID_ARGUMENT";
        case FRUGAL_UNIMPLEMENTED: return "FRUGAL_UNIMPLEMENTED";
        case FRUGAL_UNSUPPORTED_ISA: return "FRUGAL_UNSUPPORTED_ISA";
        case FRUGAL_OUT_OF_MEMORY: return "FRUGAL_OUT_OF_MEMORY";
        case FRUGAL_NO_DEVICE: return "FRUGAL_NO_DEVICE";
        case FRUGAL_RUNTIME_ERROR: return "FRUGAL_RUNTIME_ERROR";
        default: return "FRUGAL_UNKNOWN_STATUS";
    }
}

}  // extern "C"
