// Overflow-checked size arithmetic: every dimension product goes through these.
#pragma once

#include <cstdint>

namespace frugal {

constexpr int64_t kTensorAlignment = 64;

inline bool checked_mul(int64_t a, int64_t b, int64_t *out) { return !__builtin_mul_overflow(a, b, out); }
inline bool checked_add(int64_t a, int64_t b, int64_t *out) { return !__builtin_add_overflow(a, b, out); }

inline bool checked_round_up(int64_t value, int64_t multiple, int64_t *out) {
    int64_t sum;
    if (!checked_add(value, multiple - 1, &sum)) return false;
    *out = sum / multiple * multiple;
    return true;
}

// Product of n positive dimensions; false on overflow.
inline bool checked_product(const int64_t *dims, int n, int64_t *out) {
    int64_t p = 1;
    for (int i = 0; i < n; ++i)
        if (!checked_mul(p, dims[i], &p)) return false;
    *out = p;
    return true;
}

}  // namespace frugal
