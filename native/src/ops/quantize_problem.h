// A validated element-wise quantize / dequantize (frugal_quantize_desc): a supported dtype pair,
// a finite positive scale, a count whose byte sizes fit 64 bits.
#pragma once

#include "frugal/frugal.h"

namespace frugal {

struct QuantizeProblem {
    frugal_quantize_desc d;
    bool quantize() const { return d.src_dtype == FRUGAL_F32; }  // else dequantize
};

frugal_status make_quantize_problem(const frugal_quantize_desc *desc, QuantizeProblem *out);

}  // namespace frugal
