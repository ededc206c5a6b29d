package io.frugal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frugal.ReduceParams.Kind;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reduction kernel ("onednn", "ref") against a float64 reference written here, over every
 * kind, ranks 1 to 6, single, several, negative and no (= all) axes, plus bad input. oneDNN
 * refuses a reduction whose axes all have extent 1 (dst equals src): it must decline those and
 * serve the rest. Surefire reruns this class under each FRUGAL_MAX_ISA cap.
 */
@Tag("kernel") // rerun under every FRUGAL_MAX_ISA cap (java-bindings/pom.xml)
class ReduceTest {
    static final double TOLERANCE = 1e-5;
    static final List<String> KERNELS = List.of("onednn", "ref");
    /** A shape, then the axes of each case over it. */
    static final Object[][] CASES = {
        {new long[] {1}, new int[][] {{}, {0}}},
        {new long[] {1001}, new int[][] {{-1}}},
        {new long[] {3, 17}, new int[][] {{1}, {0}, {}, {0, 1}}},
        {new long[] {2, 5, 7}, new int[][] {{1}, {0, 2}, {-1}}},
        {new long[] {1, 3, 1, 9}, new int[][] {{0, 2}, {1, 3}, {-3}}},
        {new long[] {2, 3, 5, 7, 3}, new int[][] {{1, 3}, {4}, {0, 1, 2, 3, 4}}},
        {new long[] {2, 1, 3, 2, 5, 3}, new int[][] {{0, 2, 4}, {5}, {}}},
        {new long[] {1, 40, 120}, new int[][] {{-1}}}, // LayerNorm's mean and variance
    };

    static Stream<Arguments> sweep() {
        return Stream.of(Kind.values()).flatMap(kind -> Arrays.stream(CASES).flatMap(c -> Arrays.stream((int[][]) c[1])
                .flatMap(axes -> KERNELS.stream().map(k -> Arguments.of(ReduceParams.of(kind, (long[]) c[0], axes), k)))));
    }

    /** Float64 ONNX Reduce*: every input element folded into the output element it maps to. */
    static double[] reference(ReduceParams p, float[] x) {
        long[] in = p.shape(), out = p.outputShape();
        int rank = in.length;
        double[] acc = new double[(int) Tensor.elementCount(out)];
        long[] count = new long[acc.length];
        Arrays.fill(acc, p.kind() == Kind.PROD ? 1 : p.kind() == Kind.MAX ? Double.NEGATIVE_INFINITY
                : p.kind() == Kind.MIN ? Double.POSITIVE_INFINITY : 0);
        for (int i = 0; i < x.length; i++) {
            long rest = i, o = 0, mul = 1;
            for (int d = rank - 1; d >= 0; d--) {
                long idx = rest % in[d];
                rest /= in[d];
                o += (out[d] == 1 ? 0 : idx) * mul;
                mul *= out[d];
            }
            double v = x[i];
            int at = (int) o;
            count[at]++;
            acc[at] = switch (p.kind()) {
                case MEAN, SUM -> acc[at] + v;
                case MAX -> Math.max(acc[at], v);
                case MIN -> Math.min(acc[at], v);
                case PROD -> acc[at] * v;
                case L2, SUM_SQUARE -> acc[at] + v * v;
            };
        }
        for (int o = 0; o < acc.length; o++) {
            if (p.kind() == Kind.MEAN) acc[o] /= count[o];
            if (p.kind() == Kind.L2) acc[o] = Math.sqrt(acc[o]);
        }
        return acc;
    }

    static float[] input(ReduceParams p) {
        float[] x = Reference.uniform(p.hashCode(), (int) Tensor.elementCount(p.shape()));
        for (int i = 0; i < x.length; i++) {
            // Products of [0.9, 1.1) neither vanish nor blow up; sums lean positive so that a
            // whole-tensor sum does not cancel to a value fp32 accumulation cannot state to 1e-5.
            x[i] = p.kind() == Kind.PROD ? 1 + 0.1f * x[i] : x[i] + 0.25f;
        }
        return x;
    }

    static boolean onednnDeclines(ReduceParams p) {
        return Tensor.elementCount(p.shape()) == Tensor.elementCount(p.outputShape());
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("sweep")
    void matchesFloat64Reference(ReduceParams p, String kernel) {
        if (kernel.equals("onednn") && onednnDeclines(p)) {
            FrugalException e = assertThrows(FrugalException.class, () -> Reduce.create(p, kernel).close());
            assertEquals(ErrorCode.UNIMPLEMENTED, e.code());
            assertTrue(e.getMessage().contains("extent-1"), e.getMessage());
            return;
        }
        float[] x = input(p);
        try (Reduce op = Reduce.create(p, kernel);
             Tensor src = Tensor.fromArray(x, p.shape());
             Tensor dst = Tensor.allocate(DType.F32, p.outputShape())) {
            String name = op.kernel();
            assertTrue(name.startsWith(kernel), () -> "pinned " + kernel + " but got " + name);
            assertFalse(IsaSupport.namesIsaAbove(name, IsaSupport.effective()), name);
            float[] nan = new float[(int) dst.elementCount()];
            Arrays.fill(nan, Float.NaN);
            dst.copyFrom(nan);
            op.run(src, dst);
            double err = Reference.relativeL2(dst.toFloatArray(), reference(p, x));
            assertTrue(err <= TOLERANCE, () -> p + " on " + name + ": relative L2 " + err);
            try (Reduce twin = op.share(); Tensor again = twin.run(src)) {
                assertArrayEquals(dst.toFloatArray(), again.toFloatArray());
                assertEquals(name, twin.kernel());
            }
        }
    }

    @Test
    void shapesAndFallback() {
        ReduceParams p = ReduceParams.of(Kind.MEAN, new long[] {2, 3, 4}, -1, 0);
        assertArrayEquals(new int[] {0, 2}, p.normalizedAxes());
        assertEquals(0b101, p.axesMask());
        assertArrayEquals(new long[] {1, 3, 1}, p.outputShape());
        assertArrayEquals(new long[] {3}, p.outputShape(false));
        ReduceParams all = ReduceParams.of(Kind.SUM, new long[] {2, 3});
        assertArrayEquals(new long[] {1, 1}, all.outputShape());
        assertArrayEquals(new long[0], all.outputShape(false));
        try (Reduce op = Reduce.create(p)) {
            assertTrue(op.kernel().startsWith("onednn:"), op.kernel());
            assertArrayEquals(new long[] {1, 3, 1}, op.outputShape());
        }
        // Only extent-1 axes: oneDNN declines, the reference serves it unpinned.
        try (Reduce op = Reduce.create(ReduceParams.of(Kind.L2, new long[] {1, 3}, 0));
             Tensor x = Tensor.fromArray(new float[] {-3, 0, 4}, 1, 3);
             Tensor y = op.run(x)) {
            assertEquals("ref:direct", op.kernel());
            assertArrayEquals(new float[] {3, 0, 4}, y.toFloatArray());
        }
    }

    @Test
    void badInputIsRefusedBeforeNativeCode() {
        long[] s = {2, 3};
        Pool2dTest.fails(NullPointerException.class, () -> ReduceParams.of(null, s), "kind");
        Pool2dTest.fails(NullPointerException.class, () -> ReduceParams.of(Kind.SUM, null), "shape");
        Pool2dTest.fails(NullPointerException.class, () -> ReduceParams.of(Kind.SUM, s, (int[]) null), "axes");
        Pool2dTest.fails(NullPointerException.class, () -> Reduce.create(null), "params");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReduceParams.of(Kind.SUM, new long[0]), "rank 0", "1 to 6");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReduceParams.of(Kind.SUM, new long[] {1, 1, 1, 1, 1, 1, 1}),
                "rank 7");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReduceParams.of(Kind.SUM, new long[] {2, -3}), "dimension 1",
                "-3");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReduceParams.of(Kind.SUM, s, 2), "axis 2", "[-2, 2)");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReduceParams.of(Kind.SUM, s, -3), "axis -3");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReduceParams.of(Kind.SUM, s, 1, -1), "axis 1", "twice",
                "[1, -1]");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReduceParams.of(Kind.SUM, s, 0, 0), "twice");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReduceParams.of(Kind.SUM, new long[] {Long.MAX_VALUE / 2, 3}),
                "overflows");
        int[] axes = {1};
        ReduceParams p = ReduceParams.of(Kind.MAX, s, axes);
        axes[0] = 0; // the params copied it
        assertArrayEquals(new int[] {1}, p.axes());
        Reduce op = Reduce.create(p);
        try (Tensor x = Tensor.allocate(DType.F32, 2, 3);
             Tensor y = Tensor.allocate(DType.F32, 2, 1);
             Tensor flat = Tensor.allocate(DType.F32, 2);
             Tensor s32 = Tensor.allocate(DType.S32, 2, 1)) {
            Pool2dTest.fails(NullPointerException.class, () -> op.run(null, y), "src");
            Pool2dTest.fails(NullPointerException.class, () -> op.run(x, null), "dst");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(x, flat), "dst shape", "[2]", "[2, 1]");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(x, s32), "dst", "F32", "S32");
            try (Tensor alias = x.view(6).slice(0, 2).view(2, 1)) {
                Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(x, alias), "overlap");
            }
            Pool2dTest.fails(FrugalException.class, () -> Reduce.create(p, "nosuch"), "nosuch", "onednn", "ref:direct");
            op.close();
            Pool2dTest.fails(IllegalStateException.class, () -> op.run(x, y), "closed reduce");
            Pool2dTest.fails(IllegalStateException.class, op::share, "closed reduce");
        }
    }
}
