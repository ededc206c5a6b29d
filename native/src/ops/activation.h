// Fused activations (frugal_activation): validation and the scalar definition every kernel and
// the reference share. Definitions follow ONNX (HardSigmoid: max(0, min(1, alpha*x + beta));
// Pow: x^alpha, NaN for x < 0 with a non-integer alpha, as std::pow and oneDNN's eltwise_pow).
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
        case FRUGAL_ACT_SQRT:
        case FRUGAL_ACT_EXP:
        case FRUGAL_ACT_ABS:
        case FRUGAL_ACT_NEG:
            break;
        case FRUGAL_ACT_POW:
            // An infinite exponent has no use in a network and turns every result into 0, 1 or inf.
            if (std::isinf(a.alpha)) return "pow needs a finite exponent (alpha)";
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
        case FRUGAL_ACT_SQRT: return std::sqrt(x);
        case FRUGAL_ACT_POW: return std::pow(x, T(a.alpha));
        case FRUGAL_ACT_EXP: return std::exp(x);
        case FRUGAL_ACT_ABS: return std::abs(x);
        case FRUGAL_ACT_NEG: return -x;
        default: return x;
    }
}

// apply_activation behind a plain function pointer, for kernels built for another ISA that call
// back into this baseline definition (kernels-cpu/src/int8: the activations without a vector path).
inline double apply_activation_fn(const frugal_activation *a, double x) { return apply_activation(*a, x); }

}  // namespace frugal
