package io.frugal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * What the library reports about the CPU, the FRUGAL_MAX_ISA cap and CUDA. Surefire reruns this
 * class under each cap; a cap above the CPU cannot be exercised here and says so by skipping.
 */
@Tag("kernel") // rerun under every FRUGAL_MAX_ISA cap (java-bindings/pom.xml)
class CpuInfoTest {
    private static final List<String> AVX2_SET = List.of("avx2", "fma", "f16c");
    private static final List<String> AVX512_SET = List.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl",
            "os_avx512");
    private static final List<String> VNNI_SET = List.of("avx512_vnni", "avx512_vpopcntdq", "avx512_bitalg",
            "avx512_vbmi", "avx512_vbmi2");
    private static final List<String> AMX_SET = List.of("avx512_bf16", "amx_tile", "amx_int8", "amx_bf16", "os_amx");

    @Test
    void effectiveIsaIsAtMostDetected() {
        CpuInfo info = Frugal.cpuInfo();
        assertNotNull(info.detectedIsa());
        assertTrue(info.effectiveIsa().compareTo(info.detectedIsa()) <= 0, info.toString());
        assertTrue(info.logicalCores() >= 1, info.toString());
        assertTrue(!info.brand().isEmpty(), "CPUID brand string is empty");
        assertEquals(info, Frugal.cpuInfo(), "cpuInfo is stable");
    }

    /** The detected level is the highest whose whole feature set is present (frugal.h). */
    @Test
    void detectedIsaFollowsTheFeatureSets() {
        CpuInfo info = Frugal.cpuInfo();
        Set<String> f = info.features();
        Isa expected = !f.containsAll(AVX2_SET) ? Isa.SCALAR
                : !f.containsAll(AVX512_SET) ? Isa.AVX2
                : !f.containsAll(VNNI_SET) ? Isa.AVX512
                : !f.containsAll(AMX_SET) ? Isa.AVX512_VNNI
                : Isa.AVX512_AMX;
        assertEquals(expected, info.detectedIsa(), "features " + f);
    }

    @Test
    void capFromTheEnvironmentIsApplied() {
        CpuInfo info = Frugal.cpuInfo();
        String env = IsaSupport.capFromEnvironment();
        if (env == null) {
            assertEquals("", info.maxIsaEnv());
            assertEquals(info.detectedIsa(), info.effectiveIsa(), "no cap: the CPU's level is used");
            return;
        }
        assertEquals(env, info.maxIsaEnv(), "the library read the same FRUGAL_MAX_ISA");
        Isa cap = IsaSupport.parse(env);
        assertNotNull(cap, "FRUGAL_MAX_ISA=" + env + " is not a level this test knows");
        Isa want = cap.compareTo(info.detectedIsa()) < 0 ? cap : info.detectedIsa();
        assertEquals(want, info.effectiveIsa(), "effective = min(detected " + info.detectedIsa() + ", cap " + cap + ")");
        if (cap.compareTo(info.detectedIsa()) > 0) {
            abort("FRUGAL_MAX_ISA=" + env + " is above this CPU's " + info.detectedIsa().id()
                    + ": this execution runs capped at " + info.detectedIsa().id() + ", the same kernels as isa-"
                    + info.detectedIsa().id().replace('_', '-') + "; the " + cap.id() + " kernels are not tested here");
        }
    }

    /** The kernels the library picks unpinned respect the effective level. */
    @Test
    void defaultKernelsRespectTheEffectiveIsa() {
        Isa eff = IsaSupport.effective();
        String convert = Frugal.convertKernel(DType.F32, DType.BF16);
        assertTrue(convert.equals("ref:convert") || eff.compareTo(Isa.AVX2) >= 0, convert + " under " + eff);
        assertTrue(!convert.startsWith("avx512") || eff.compareTo(Isa.AVX512) >= 0, convert + " under " + eff);
        Conv2dParams p = Conv2dParams.builder().input(32, 8, 8).outChannels(32).kernel(3, 3).padding(1)
                .layout(Layout.NHWC).build();
        try (Tensor w = Tensor.allocate(DType.F32, p.weightShape());
             Conv2d conv = Conv2d.create(p, w, null);
             Tensor mw = Tensor.allocate(DType.F32, 64, 64);
             MatMul mm = MatMul.create(MatMulParams.of(64, 64, 64), mw, null)) {
            assertFalse(IsaSupport.namesIsaAbove(conv.kernel(), eff), conv.kernel() + " under " + eff);
            assertFalse(IsaSupport.namesIsaAbove(mm.kernel(), eff), mm.kernel() + " under " + eff);
        }
    }

    /** Levels of this CPU above the cap are not reachable, and below-CPU caps do cap (isa-scalar, isa-avx2). */
    @Test
    void aCapBelowTheCpuLowersTheLevel() {
        String env = IsaSupport.capFromEnvironment();
        assumeTrue(env != null, "FRUGAL_MAX_ISA is not set in this execution");
        CpuInfo info = Frugal.cpuInfo();
        Isa cap = IsaSupport.parse(env);
        assumeTrue(cap != null && cap.compareTo(info.detectedIsa()) < 0,
                () -> "FRUGAL_MAX_ISA=" + env + " does not lower this CPU's " + info.detectedIsa().id());
        assertTrue(info.effectiveIsa().compareTo(info.detectedIsa()) < 0);
        // Features are reported as detected, before the cap.
        if (info.detectedIsa().compareTo(Isa.AVX2) >= 0) assertTrue(info.features().containsAll(AVX2_SET));
    }

    @Test
    void versionIsReported() {
        assertFalse(Frugal.version().isEmpty());
        Frugal.noop();
    }

    /** CUDA: never throws; on a machine without an NVIDIA device it reports none. */
    @Test
    void cudaInfoNeverThrowsAndReportsNoDeviceWithoutOne() {
        CudaInfo cuda = Frugal.cudaInfo();
        assertNotNull(cuda.message());
        assertFalse(cuda.message().isEmpty(), "the reason CUDA is or is not available is given");
        assertTrue(cuda.deviceCount() >= 0);
        assertEquals(cuda.deviceCount() > 0, cuda.available());
        if (!Files.exists(Path.of("/dev/nvidia0"))) {
            assertEquals(0, cuda.deviceCount(), cuda.toString());
            assertFalse(cuda.available());
            assertEquals("", cuda.deviceName(), cuda.toString());
        } else if (cuda.available()) {
            assertFalse(cuda.deviceName().isEmpty(), cuda.toString());
        }
        // Asking again gives the same answer.
        assertEquals(cuda, Frugal.cudaInfo());
    }
}
