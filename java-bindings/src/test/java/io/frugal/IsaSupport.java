package io.frugal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;

/**
 * ISA facts for the kernel tests, which surefire reruns under several {@code FRUGAL_MAX_ISA}
 * caps (see the executions in java-bindings/pom.xml).
 */
final class IsaSupport {
    private IsaSupport() {}

    /** The level kernels may use in this process: the CPU's, capped by FRUGAL_MAX_ISA. */
    static Isa effective() {
        return Frugal.cpuInfo().effectiveIsa();
    }

    static Isa detected() {
        return Frugal.cpuInfo().detectedIsa();
    }

    /** The FRUGAL_MAX_ISA this JVM was started with, or null when unset or empty. */
    static String capFromEnvironment() {
        String env = System.getenv("FRUGAL_MAX_ISA");
        return env == null || env.isEmpty() ? null : env;
    }

    /** The level FRUGAL_MAX_ISA names (its documented names and oneDNN-style aliases), or null. */
    static Isa parse(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "scalar": case "sse41": return Isa.SCALAR;
            case "avx2": return Isa.AVX2;
            case "avx512": case "avx512_core": return Isa.AVX512;
            case "avx512_vnni": case "avx512_core_vnni": return Isa.AVX512_VNNI;
            case "avx512_amx": case "avx512_core_amx": case "amx": case "all": return Isa.AVX512_AMX;
            default: return null;
        }
    }

    /** Skips (visibly) a test that needs level when this process may not use it. */
    static void assumeIsa(Isa level, String what) {
        Isa eff = effective();
        assumeTrue(eff.compareTo(level) >= 0, () -> what + " needs " + level.id() + "; this process may use "
                + eff.id() + " (CPU " + detected().id() + (capFromEnvironment() == null ? ""
                        : ", FRUGAL_MAX_ISA=" + capFromEnvironment()) + ")");
    }

    /**
     * Whether a oneDNN implementation name (e.g. {@code onednn:brg_conv_fwd:avx512_core}) names
     * an ISA above level; names without an ISA (gemm:jit, ref) never do.
     */
    static boolean namesIsaAbove(String kernel, Isa level) {
        String k = kernel.toLowerCase(Locale.ROOT);
        if (level.compareTo(Isa.AVX512_AMX) < 0 && k.contains("amx")) return true;
        if (level.compareTo(Isa.AVX512_VNNI) < 0 && (k.contains("vnni") || k.contains("bf16"))) return true;
        if (level.compareTo(Isa.AVX512) < 0 && (k.contains("avx512") || k.contains("avx10"))) return true;
        return level.compareTo(Isa.AVX2) < 0 && k.contains("avx2");
    }
}
