// Reference sign pack / unpack: bitpack_kernel.h on the one-value trait (plain scalar code,
// x86-64 baseline flags), the truth the vector instantiations match bit for bit.
#include "bitpack/bitpack.h"
#include "bitpack/bitpack_kernel.h"

namespace frugal::kernels {

const BitPackFns bitpack_ref = bitpack_fns<ScalarBits>();

}  // namespace frugal::kernels
