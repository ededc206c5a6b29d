// Weight binarization shared by the binary convolutions (XNOR bconv2d and binary-weight
// bwconv2d), so both read a weight tensor's signs and its alpha the same way:
//   sign: w >= 0 -> +1 (bit 0), else -1 (bit 1); alpha[oc] = mean |W[oc, ...]| (double, stored as
//   float) unless a multiplier is given.
#pragma once

#include <cstdint>
#include <vector>

#include "frugal/frugal.h"

namespace frugal {

// FRUGAL_OK, or FRUGAL_INVALID_ARGUMENT naming the first NaN/Inf weight ("<op>_create: weight ...").
// weights: count elements, per_oc of them per output channel.
frugal_status check_finite_weights(const char *op, const float *weights, int64_t count, int64_t per_oc);

// weights fp32 [OC, icg, taps] (ONNX [OC, IC/groups, KH, KW]) into bits [OC][taps][group_words]
// (words of 64 channels along icg, zero past icg) and mult [OC]: multiplier if given, else alpha.
void binarize_weights(const float *weights, int64_t oc, int64_t icg, int64_t taps, int64_t group_words,
                      const float *multiplier, std::vector<uint64_t> *bits, std::vector<float> *mult);

}  // namespace frugal
