package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** Library-wide facts: version, CPU and CUDA capabilities. */
public final class Frugal {
    private static final String[] FEATURE_NAMES = {
        "avx2", "fma", "f16c", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx512_vnni",
        "avx512_vpopcntdq", "avx512_bitalg", "avx512_vbmi", "avx512_vbmi2", "avx512_bf16", "avx512_fp16",
        "amx_tile", "amx_int8", "amx_bf16", "os_avx512", "os_amx"
    };

    private static volatile CpuInfo cpuInfo;

    private Frugal() {}

    /** The native library's version. */
    public static String version() {
        return NativeCalls.string(FrugalNative.frugal_version());
    }

    /** Versions of the libraries behind the kernels, e.g. {@code oneDNN 3.13.0 (...)}. */
    public static String backendVersions() {
        return NativeCalls.string(FrugalNative.frugal_backend_versions());
    }

    /**
     * The CPU's features and the ISA kernels may use.
     *
     * @throws FrugalException if {@code FRUGAL_MAX_ISA} holds an unknown level
     */
    public static CpuInfo cpuInfo() {
        CpuInfo info = cpuInfo;
        if (info == null) {
            try (FrugalNative.CpuInfo raw = new FrugalNative.CpuInfo()) {
                NativeCalls.check(FrugalNative.frugal_cpu_info_get(raw));
                Set<String> features = new LinkedHashSet<>();
                for (int bit = 0; bit < FEATURE_NAMES.length; bit++) {
                    if ((raw.features() & (1 << bit)) != 0) features.add(FEATURE_NAMES[bit]);
                }
                info = new CpuInfo(Isa.of(raw.detected_isa()), Isa.of(raw.effective_isa()),
                        Collections.unmodifiableSet(features), raw.logical_cores(), raw.brand().getString().trim(),
                        raw.max_isa_env().getString());
            }
            cpuInfo = info;
        }
        return info;
    }

    /** Whether CUDA kernels can run, and why not when they cannot. Never throws for a missing GPU. */
    public static CudaInfo cudaInfo() {
        try (FrugalNative.CudaInfo raw = new FrugalNative.CudaInfo()) {
            NativeCalls.check(FrugalNative.frugal_cuda_info_get(raw));
            return new CudaInfo(raw.library_loaded() != 0, raw.device_count(), raw.runtime_error(),
                    raw.message().getString(), raw.device_name().getString());
        }
    }

    /** The kernel {@link Tensor#convert} uses between two dtypes on this machine. */
    public static String convertKernel(DType from, DType to) {
        java.util.Objects.requireNonNull(from, "from is null");
        java.util.Objects.requireNonNull(to, "to is null");
        String name = NativeCalls.string(FrugalNative.frugal_convert_impl_name(from.code(), to.code()));
        if (name.isEmpty()) {
            throw new FrugalException(ErrorCode.UNIMPLEMENTED, NativeCalls.string(FrugalNative.frugal_last_error()));
        }
        return name;
    }

    /** An empty native call: what one operator dispatch costs in binding overhead. */
    public static void noop() {
        FrugalNative.frugal_noop();
    }
}
