# One binary for every x86-64: only the files that hold ISA-specific kernels are compiled with
# that ISA's flags, and the dispatcher picks among them at run time (cpu/cpu_features.h).
# The rest of the library is built for the x86-64 baseline, never for the build machine.

set(FRUGAL_ISA_FLAGS_scalar "")
set(FRUGAL_ISA_FLAGS_avx2 "-mavx2;-mfma;-mf16c")
set(FRUGAL_ISA_FLAGS_avx512 "${FRUGAL_ISA_FLAGS_avx2};-mavx512f;-mavx512cd;-mavx512bw;-mavx512dq;-mavx512vl")
set(FRUGAL_ISA_FLAGS_avx512_vnni "${FRUGAL_ISA_FLAGS_avx512};-mavx512vnni;-mavx512vpopcntdq;-mavx512bitalg;-mavx512vbmi;-mavx512vbmi2")
set(FRUGAL_ISA_FLAGS_avx512_amx "${FRUGAL_ISA_FLAGS_avx512_vnni};-mavx512bf16;-mamxtile;-mamxint8;-mamxbf16")

# frugal_add_isa_source(<target> <isa> <file>...)
#   Adds the files to the target, compiled with the flags of <isa> (scalar, avx2, avx512,
#   avx512_vnni, avx512_amx), as ncnn's ncnn_add_arch_opt_source does.
function(frugal_add_isa_source target isa)
  if(NOT DEFINED FRUGAL_ISA_FLAGS_${isa})
    message(FATAL_ERROR "frugal_add_isa_source: unknown ISA '${isa}'")
  endif()
  foreach(file IN LISTS ARGN)
    target_sources(${target} PRIVATE ${file})
    set_source_files_properties(${file} TARGET_DIRECTORY ${target}
      PROPERTIES COMPILE_OPTIONS "${FRUGAL_ISA_FLAGS_${isa}}")
  endforeach()
endfunction()
