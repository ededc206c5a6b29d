// Reference quantize / dequantize: quantize_kernel.h on the one-lane trait (plain scalar code,
// x86-64 baseline flags), the truth the vector instantiations match bit for bit.
#include "quantize/quantize.h"
#include "quantize/quantize_kernel.h"

namespace frugal::kernels {

const QuantizeFns quantize_ref = quantize_fns<ScalarF32>();

}  // namespace frugal::kernels
