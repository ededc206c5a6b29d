// Fused activations (frugal_activation): validation and the scalar definition every kernel and
// the reference share. Definitions follow ONNX (HardSigmoid: max(0, min(1, alpha*x + beta))).
#pragma once

#include <algorithm>
#include <cmath>
#include <string>

#include "frugal/frugal.h"

namespace frugal {

// Empty string when valid, else what is wrong.
inline std::string check_activation(const frugal_activation &a) {
    switch (a.kind) {
        case FRUGAL_ACT_NONE:
        case FRUGAL_ACT_RELU:
        case FRUGAL_ACT_SIGMOID:
        case FRUGAL_ACT_HARD_SIGMOID:
        case FRUGAL_ACT_HARD_SWISH:
        case FRUGAL_ACT_TANH:
            break;
        case FRUGAL_ACT_CLIP:
            if (!(a.alpha <= a.beta)) return "clip needs alpha (min) <= beta (max)";
            break;
        default:
            return "unknown activation kind " + std::to_string(a.kind);
    }
    if (std::isnan(a.alpha) || std::isnan(a.beta)) return "activation alpha/beta is NaN";
    return {};
}

template <typename T>
inline T apply_activation(const frugal_activation &a, T x) {
    switch (a.kind) {
        case FRUGAL_ACT_RELU: return x >= T(0) ? x : T(a.alpha) * x;
        case FRUGAL_ACT_CLIP: return std::min(std::max(x, T(a.alpha)), T(a.beta));
        case FRUGAL_ACT_SIGMOID: return T(1) / (T(1) + std::exp(-x));
        case FRUGAL_ACT_HARD_SIGMOID: return std::max(T(0), std::min(T(1), T(a.alpha) * x + T(a.beta)));
        case FRUGAL_ACT_HARD_SWISH: return x * std::max(T(0), std::min(T(1), T(a.alpha) * x + T(a.beta)));
        case FRUGAL_ACT_TANH: return std::tanh(x);
        default: return x;
    }
}

}  // namespace frugal
