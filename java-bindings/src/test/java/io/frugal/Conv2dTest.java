package io.frugal;

import io.frugal.problems.Conv2dProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fp32 conv2d kernel ("onednn", "ref") against the float64 {@link Reference} over the
 * sweep in {@code conv2d_shapes.txt}. Surefire reruns this class under each FRUGAL_MAX_ISA cap.
 */
@Tag("kernel") // rerun under every FRUGAL_MAX_ISA cap (java-bindings/pom.xml)
class Conv2dTest {
    /** fp32 accumulation over up to a few thousand terms stays well inside this. */
    static final double TOLERANCE = 1e-5;
    static final List<String> KERNELS = List.of("onednn", "ref");

    static Stream<Arguments> sweep() {
        return Shapes.conv2d("conv2d_shapes.txt").stream()
                .flatMap(c -> KERNELS.stream().map(k -> Arguments.of(c, k)));
    }

    /** Inputs and the float64 result of one line, kept while both kernels of the line run. */
    record Problem(Conv2dProblem c, float[] src, float[] weights, float[] bias, double[] want) {}

    private static Problem last;

    static synchronized Problem problem(Conv2dProblem c) {
        if (last == null || !last.c().line().equals(c.line())) {
            Conv2dParams p = c.params();
            long seed = c.line().hashCode();
            float[] src = Reference.uniform(seed, (int) Tensor.elementCount(p.inputShape()));
            float[] w = Reference.uniform(seed + 1, (int) Tensor.elementCount(p.weightShape()));
            // Scale to unit fan-in so that the outputs sit where the activations bend.
            float scale = (float) (1 / Math.sqrt(p.inChannels() / p.groups() * p.kernelH() * p.kernelW()));
            for (int i = 0; i < w.length; i++) w[i] *= scale;
            float[] bias = c.bias() ? Reference.uniform(seed + 2, (int) p.outChannels()) : null;
            last = new Problem(c, src, w, bias, Reference.conv2d(p, src, w, bias));
        }
        return last;
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("sweep")
    void matchesFloat64Reference(Conv2dProblem c, String kernel) {
        Problem pr = problem(c);
        Conv2dParams p = c.params();
        try (Tensor w = Tensor.fromArray(pr.weights(), p.weightShape());
             Tensor b = pr.bias() == null ? null : Tensor.fromArray(pr.bias(), p.outChannels());
             Conv2d conv = Conv2d.create(p, w, b, kernel);
             Tensor x = Tensor.fromArray(pr.src(), p.inputShape());
             Tensor y = Tensor.allocate(DType.F32, p.outputShape())) {
            String name = conv.kernel();
            assertTrue(name.startsWith(kernel), () -> "pinned " + kernel + " but got " + name);
            assertFalse(IsaSupport.namesIsaAbove(name, IsaSupport.effective()),
                    () -> name + " uses an ISA above the effective " + IsaSupport.effective().id());
            // NaN in dst first: an output the kernel never writes cannot pass.
            float[] nan = new float[(int) y.elementCount()];
            Arrays.fill(nan, Float.NaN);
            y.copyFrom(nan);
            conv.run(x, y);
            double err = Reference.relativeL2(y.toFloatArray(), pr.want());
            assertTrue(err <= TOLERANCE, () -> p.descriptor() + " on " + name + ": relative L2 " + err + " > " + TOLERANCE);
        }
    }

    /** A handle reuses its buffers across runs: the second input's result must not see the first. */
    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("reuseCases")
    void secondRunOfOneHandleIsIndependentOfTheFirst(Conv2dProblem c, String kernel) {
        Conv2dParams p = c.params();
        float[] w = Reference.uniform(7, (int) Tensor.elementCount(p.weightShape()));
        float[] b = Reference.uniform(8, (int) p.outChannels());
        float[] first = Reference.uniform(9, (int) Tensor.elementCount(p.inputShape()));
        float[] second = Reference.uniform(10, first.length);
        try (Tensor wt = Tensor.fromArray(w, p.weightShape());
             Tensor bt = Tensor.fromArray(b, p.outChannels());
             Conv2d conv = Conv2d.create(p, wt, bt, kernel);
             Tensor x1 = Tensor.fromArray(first, p.inputShape());
             Tensor x2 = Tensor.fromArray(second, p.inputShape());
             Tensor y1 = conv.run(x1);
             Tensor y2 = conv.run(x2)) {
            double e1 = Reference.relativeL2(y1.toFloatArray(), Reference.conv2d(p, first, w, b));
            double e2 = Reference.relativeL2(y2.toFloatArray(), Reference.conv2d(p, second, w, b));
            assertTrue(e1 <= TOLERANCE && e2 <= TOLERANCE,
                    () -> p.descriptor() + " on " + conv.kernel() + ": relative L2 " + e1 + ", then " + e2);
        }
    }

    static Stream<Arguments> reuseCases() {
        return Stream.of("mb3ic17ih9iw9oc17kh3kw3pt1pl1pb1pr1_nchw_relu", "mb1g17ic17ih13iw11oc34kh5kw5sh2sw2_nhwc_none")
                .map(Conv2dProblem::parse).flatMap(c -> KERNELS.stream().map(k -> Arguments.of(c, k)));
    }

    /** Unpinned, the list's first kernel that serves the problem is chosen: oneDNN. */
    @Test
    void unpinnedCreateChoosesOnednn() {
        Conv2dParams p = Conv2dParams.builder().input(8, 6, 6).outChannels(4).kernel(3, 3).padding(1).build();
        try (Tensor w = Tensor.allocate(DType.F32, p.weightShape());
             Conv2d conv = Conv2d.create(p, w, null)) {
            assertTrue(conv.kernel().startsWith("onednn:"), conv.kernel());
            assertArrayEquals(new long[] {1, 8, 6, 6}, conv.inputShape());
            assertArrayEquals(new long[] {1, 4, 6, 6}, conv.outputShape());
        }
    }

    /** The pinned names resolve as documented: "ref" is the native reference "ref:direct". */
    @Test
    void pinnedReferenceIsRefDirect() {
        Conv2dParams p = Conv2dParams.builder().input(2, 3, 3).outChannels(2).kernel(1, 1).build();
        try (Tensor w = Tensor.allocate(DType.F32, p.weightShape());
             Conv2d byPrefix = Conv2d.create(p, w, null, "ref");
             Conv2d byName = Conv2d.create(p, w, null, "ref:direct")) {
            assertEquals("ref:direct", byPrefix.kernel());
            assertEquals("ref:direct", byName.kernel());
        }
    }

    /** The float64 reference itself, against a result worked out by hand. */
    @Test
    void referenceMatchesAHandWorkedExample() {
        // 1 channel, 3x3 input 1..9, 2x2 kernel [[1, 0], [0, -1]]: x[i][j] - x[i+1][j+1] = -4.
        Conv2dParams p = Conv2dParams.builder().input(1, 3, 3).outChannels(1).kernel(2, 2).build();
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] w = {1, 0, 0, -1};
        assertArrayEquals(new double[] {-3.5, -3.5, -3.5, -3.5}, Reference.conv2d(p, x, w, new float[] {0.5f}));
        // Padding 1 on the left only, stride 2: columns -1 and 1 of each row pair.
        Conv2dParams q = Conv2dParams.builder().input(1, 3, 3).outChannels(1).kernel(2, 2).stride(2)
                .padding(0, 1, 0, 0).build();
        assertEquals(1, q.outH());
        assertEquals(2, q.outW());
        // (0, 0) covers x[0][-1], x[0][0], x[1][-1], x[1][0]: 0*1 + 1*0 + 0*0 + 4*-1 = -4
        // (0, 1) covers x[0][1], x[0][2], x[1][1], x[1][2]: 2*1 + 3*0 + 5*0 + 6*-1 = -4
        assertArrayEquals(new double[] {-4, -4}, Reference.conv2d(q, x, w, null));
        // Layouts: the same problem in NHWC gives the same numbers, transposed.
        Conv2dParams nchw = Conv2dParams.builder().input(2, 2, 2).outChannels(2).kernel(1, 1).build();
        Conv2dParams nhwc = Conv2dParams.builder().input(2, 2, 2).outChannels(2).kernel(1, 1).layout(Layout.NHWC).build();
        float[] xc = {1, 2, 3, 4, 10, 20, 30, 40}; // channel-major
        float[] xh = {1, 10, 2, 20, 3, 30, 4, 40}; // pixel-major
        float[] w2 = {1, 1, 1, -1}; // out0 = c0 + c1, out1 = c0 - c1
        assertArrayEquals(new double[] {11, 22, 33, 44, -9, -18, -27, -36}, Reference.conv2d(nchw, xc, w2, null));
        assertArrayEquals(new double[] {11, -9, 22, -18, 33, -27, 44, -36}, Reference.conv2d(nhwc, xh, w2, null));
    }
}
