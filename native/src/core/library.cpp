// Version, the empty call used to measure binding overhead, and aligned tensor memory.
#include <cstdlib>
#include <cstring>

#include "core/error.h"
#include "core/checked_math.h"

#ifndef FRUGAL_VERSION_STRING
#define FRUGAL_VERSION_STRING "0.0.0-unknown"
#endif

extern "C" {

const char *frugal_version(void) { return FRUGAL_VERSION_STRING; }

void frugal_noop(void) {}

frugal_status frugal_alloc(int64_t bytes, void **out) {
    if (out == nullptr) return frugal::fail(FRUGAL_INVALID_ARGUMENT, "frugal_alloc: out is null");
    *out = nullptr;
    if (bytes < 0) return frugal::fail(FRUGAL_INVALID_ARGUMENT, "frugal_alloc: negative size %lld", (long long)bytes);
    // aligned_alloc needs a multiple of the alignment; 0 bytes still gets a distinct block.
    int64_t rounded = 0;
    if (!frugal::checked_round_up(bytes == 0 ? 1 : bytes, frugal::kTensorAlignment, &rounded))
        return frugal::fail(FRUGAL_INVALID_ARGUMENT, "frugal_alloc: size %lld overflows", (long long)bytes);
    void *p = std::aligned_alloc(frugal::kTensorAlignment, (size_t)rounded);
    if (p == nullptr) return frugal::fail(FRUGAL_OUT_OF_MEMORY, "frugal_alloc: cannot allocate %lld bytes", (long long)bytes);
    std::memset(p, 0, (size_t)rounded);
    *out = p;
    return FRUGAL_OK;
}

void frugal_free(void *ptr) { std::free(ptr); }

}  // extern "C"
