// CPU feature detection (CPUID + XGETBV + the AMX permission request) and the FRUGAL_MAX_ISA cap.
// Detection runs once, at first use; kernels ask effective_isa() or has() before running.
#pragma once

#include "frugal/frugal.h"

namespace frugal::cpu {

const frugal_cpu_info &info();

// Highest ISA level kernels may use: detected level capped by FRUGAL_MAX_ISA.
inline frugal_isa effective_isa() { return info().effective_isa; }
inline bool isa_allowed(frugal_isa level) { return level <= effective_isa(); }

// A single feature bit, detected and allowed under the cap (a feature of a level above the cap
// counts as absent, so FRUGAL_MAX_ISA=avx2 hides VPOPCNTDQ as well as AVX-512 F).
bool has(uint32_t feature);

// NULL when the configuration is valid; otherwise why FRUGAL_MAX_ISA cannot be used. Kernel
// selection refuses to run under an invalid cap rather than silently ignore it.
const char *config_error();

// Parses "scalar", "avx2", "avx512", "avx512_vnni", "avx512_amx" (case-insensitive; also
// oneDNN's spellings "avx512_core", "avx512_core_vnni", "avx512_core_amx"); -1 if unknown.
frugal_isa parse_isa(const char *name);

}  // namespace frugal::cpu
