package io.frugal;

import io.frugal.problems.MatMulProblem;
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
 * Every fp32 matmul kernel ("onednn", "ref") against the float64 {@link Reference} over the sweep
 * in {@code matmul_shapes.txt}. Surefire reruns this class under each FRUGAL_MAX_ISA cap.
 */
@Tag("kernel") // rerun under every FRUGAL_MAX_ISA cap (java-bindings/pom.xml)
class MatMulTest {
    static final double TOLERANCE = 1e-5;
    static final List<String> KERNELS = List.of("onednn", "ref");

    static Stream<Arguments> sweep() {
        return Shapes.matmul("matmul_shapes.txt").stream()
                .flatMap(c -> KERNELS.stream().map(k -> Arguments.of(c, k)));
    }

    record Problem(MatMulProblem c, float[] src, float[] weights, float[] bias, double[] want) {}

    private static Problem last;

    static synchronized Problem problem(MatMulProblem c) {
        if (last == null || !last.c().line().equals(c.line())) {
            MatMulParams p = c.params();
            long seed = c.line().hashCode();
            float[] src = Reference.uniform(seed, (int) Tensor.elementCount(p.inputShape()));
            float[] w = Reference.uniform(seed + 1, (int) Tensor.elementCount(p.weightShape()));
            float scale = (float) (1 / Math.sqrt(p.k()));
            for (int i = 0; i < w.length; i++) w[i] *= scale;
            float[] bias = c.bias() ? Reference.uniform(seed + 2, (int) p.n()) : null;
            last = new Problem(c, src, w, bias, Reference.matmul(p, src, w, bias));
        }
        return last;
    }

    static String describe(MatMulParams p) {
        return "mb" + p.batch() + "m" + p.m() + "k" + p.k() + "n" + p.n() + (p.weightsTransposed() ? "_t" : "") + "_"
                + p.activation().kind();
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("sweep")
    void matchesFloat64Reference(MatMulProblem c, String kernel) {
        Problem pr = problem(c);
        MatMulParams p = c.params();
        try (Tensor w = Tensor.fromArray(pr.weights(), p.weightShape());
             Tensor b = pr.bias() == null ? null : Tensor.fromArray(pr.bias(), p.n());
             MatMul mm = MatMul.create(p, w, b, kernel);
             Tensor x = Tensor.fromArray(pr.src(), p.inputShape());
             Tensor y = Tensor.allocate(DType.F32, p.outputShape())) {
            String name = mm.kernel();
            assertTrue(name.startsWith(kernel), () -> "pinned " + kernel + " but got " + name);
            assertFalse(IsaSupport.namesIsaAbove(name, IsaSupport.effective()),
                    () -> name + " uses an ISA above the effective " + IsaSupport.effective().id());
            float[] nan = new float[(int) y.elementCount()];
            Arrays.fill(nan, Float.NaN);
            y.copyFrom(nan);
            mm.run(x, y);
            double err = Reference.relativeL2(y.toFloatArray(), pr.want());
            assertTrue(err <= TOLERANCE, () -> describe(p) + (c.bias() ? "" : "_nobias") + " on " + name
                    + ": relative L2 " + err + " > " + TOLERANCE);
        }
    }

    /** [K, N] weights and their transpose stored [N, K] describe the same product. */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("kernels")
    void transposedWeightsGiveTheSameProduct(String kernel) {
        int k = 17, n = 5;
        float[] w = Reference.uniform(3, k * n);
        float[] wt = new float[k * n];
        for (int q = 0; q < k; q++) {
            for (int j = 0; j < n; j++) wt[j * k + q] = w[q * n + j];
        }
        MatMulParams p = new MatMulParams(2, 3, k, n, false, Activation.none());
        MatMulParams pt = p.withWeightsTransposed(true);
        float[] x = Reference.uniform(4, 2 * 3 * k);
        try (Tensor wk = Tensor.fromArray(w, k, n);
             Tensor wn = Tensor.fromArray(wt, n, k);
             MatMul a = MatMul.create(p, wk, null, kernel);
             MatMul b = MatMul.create(pt, wn, null, kernel);
             Tensor xt = Tensor.fromArray(x, 2, 3, k);
             Tensor ya = a.run(xt);
             Tensor yb = b.run(xt)) {
            float[] fa = ya.toFloatArray(), fb = yb.toFloatArray();
            double err = Reference.relativeL2(fb, Reference.toDouble(fa));
            assertTrue(err <= TOLERANCE, () -> kernel + ": transposed differs by " + err);
        }
    }

    static Stream<String> kernels() {
        return KERNELS.stream();
    }

    @Test
    void unpinnedCreateChoosesOnednnAndShapesFollowParams() {
        MatMulParams p = MatMulParams.of(4, 8, 3).withBatch(2);
        try (Tensor w = Tensor.allocate(DType.F32, 8, 3);
             MatMul mm = MatMul.create(p, w, null)) {
            assertTrue(mm.kernel().startsWith("onednn:"), mm.kernel());
            assertArrayEquals(new long[] {2, 4, 8}, mm.inputShape());
            assertArrayEquals(new long[] {2, 4, 3}, mm.outputShape());
            assertEquals(2L * 4 * 8 * 3, p.macs());
        }
    }

    /** The float64 reference itself, against a product worked out by hand. */
    @Test
    void referenceMatchesAHandWorkedExample() {
        // [1 2; 3 4] x [5 6; 7 8] = [19 22; 43 50], plus bias [1, -100] then ReLU.
        MatMulParams p = new MatMulParams(1, 2, 2, 2, false, Activation.relu());
        assertArrayEquals(new double[] {20, 0, 44, 0},
                Reference.matmul(p, new float[] {1, 2, 3, 4}, new float[] {5, 6, 7, 8}, new float[] {1, -100}), 0.0);
        // Transposed storage of the same W: [5 7; 6 8].
        MatMulParams t = new MatMulParams(1, 2, 2, 2, true, Activation.none());
        assertArrayEquals(new double[] {19, 22, 43, 50},
                Reference.matmul(t, new float[] {1, 2, 3, 4}, new float[] {5, 7, 6, 8}, null));
    }
}
