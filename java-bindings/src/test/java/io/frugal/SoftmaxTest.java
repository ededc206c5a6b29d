package io.frugal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every softmax kernel ("onednn", "ref") against a float64 reference written here, over odd
 * shapes of rank 1 to 6, every axis (positive and negative), both ONNX semantics (opset >= 13 and
 * the opset < 13 2-D coercion), with inputs large enough that a naive exp would overflow, plus bad
 * input. Surefire reruns this class under each FRUGAL_MAX_ISA cap.
 */
@Tag("kernel") // rerun under every FRUGAL_MAX_ISA cap (java-bindings/pom.xml)
class SoftmaxTest {
    static final double TOLERANCE = 1e-6;
    static final List<String> KERNELS = List.of("onednn", "ref");
    static final long[][] SHAPES = {{1}, {13}, {3, 17}, {2, 5, 7}, {1, 3, 1, 9}, {2, 3, 5, 7, 3}, {2, 1, 3, 2, 5, 3}, {1, 25, 97}};

    static Stream<Arguments> sweep() {
        return Arrays.stream(SHAPES).flatMap(s -> Stream.of(false, true).flatMap(coerce -> java.util.stream.IntStream
                .range(-s.length, s.length).filter(a -> a >= 0 || a == -1).boxed()
                .flatMap(axis -> KERNELS.stream().map(k -> Arguments.of(new SoftmaxParams(s, axis, coerce), k)))));
    }

    /** Float64 softmax, stable (max subtracted), over [outer, len, inner] per ONNX's opset rules. */
    static double[] reference(SoftmaxParams p, float[] x) {
        long[] s = p.shape();
        int axis = p.normalizedAxis();
        long outer = 1, len = 1, inner = 1;
        for (int i = 0; i < s.length; i++) {
            if (i < axis) outer *= s[i];
            else if (i == axis || p.coerce2d()) len *= s[i];
            else inner *= s[i];
        }
        double[] y = new double[x.length];
        for (long o = 0; o < outer; o++) {
            for (long i = 0; i < inner; i++) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (long l = 0; l < len; l++) max = Math.max(max, x[(int) ((o * len + l) * inner + i)]);
                for (long l = 0; l < len; l++) sum += Math.exp(x[(int) ((o * len + l) * inner + i)] - max);
                for (long l = 0; l < len; l++) {
                    int at = (int) ((o * len + l) * inner + i);
                    y[at] = Math.exp(x[at] - max) / sum;
                }
            }
        }
        return y;
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("sweep")
    void matchesFloat64Reference(SoftmaxParams p, String kernel) {
        float[] x = Reference.uniform(p.hashCode(), (int) Tensor.elementCount(p.shape()));
        for (int i = 0; i < x.length; i++) x[i] = x[i] * 8 + (i % 3 == 0 ? 200f : 0f); // exp(200+) overflows fp32
        double[] want = reference(p, x);
        try (Softmax op = Softmax.create(p, kernel);
             Tensor src = Tensor.fromArray(x, p.shape());
             Tensor dst = Tensor.allocate(DType.F32, p.shape())) {
            String name = op.kernel();
            assertTrue(name.startsWith(kernel), () -> "pinned " + kernel + " but got " + name);
            assertFalse(IsaSupport.namesIsaAbove(name, IsaSupport.effective()), name);
            float[] nan = new float[x.length];
            Arrays.fill(nan, Float.NaN);
            dst.copyFrom(nan);
            op.run(src, dst);
            float[] got = dst.toFloatArray();
            for (float v : got) assertTrue(Float.isFinite(v), () -> p + " on " + name + ": non-finite output");
            double err = Reference.relativeL2(got, want);
            assertTrue(err <= TOLERANCE, () -> p + " on " + name + ": relative L2 " + err);
            try (Softmax twin = op.share(); Tensor again = twin.run(src)) {
                assertArrayEquals(got, again.toFloatArray());
                assertEquals(name, twin.kernel());
            }
        }
    }

    @Test
    void opsetSemanticsDiffer() {
        // [2, 3] over axis 0: opset 13 normalizes columns; opset < 13 coerces to [1, 6] (one row).
        float[] x = {0, 1, 2, 3, 4, 5};
        try (Softmax v13 = Softmax.create(SoftmaxParams.of(0, 2, 3));
             Softmax v11 = Softmax.create(new SoftmaxParams(new long[] {2, 3}, 0, true));
             Tensor src = Tensor.fromArray(x, 2, 3);
             Tensor a = v13.run(src);
             Tensor b = v11.run(src)) {
            assertTrue(v13.kernel().startsWith("onednn:"), v13.kernel());
            float[] ya = a.toFloatArray(), yb = b.toFloatArray();
            assertEquals(1.0, ya[0] + ya[3], 1e-6);
            double total = 0;
            for (float v : yb) total += v;
            assertEquals(1.0, total, 1e-6);
        }
    }

    @Test
    void badInputIsRefusedBeforeNativeCode() {
        Pool2dTest.fails(NullPointerException.class, () -> SoftmaxParams.of(0, (long[]) null), "shape");
        Pool2dTest.fails(NullPointerException.class, () -> Softmax.create(null), "params");
        Pool2dTest.fails(IllegalArgumentException.class, () -> SoftmaxParams.of(0), "rank 0");
        Pool2dTest.fails(IllegalArgumentException.class, () -> SoftmaxParams.of(0, 1, 2, 3, 4, 5, 6, 7), "rank 7");
        Pool2dTest.fails(IllegalArgumentException.class, () -> SoftmaxParams.of(2, 3, 4), "axis 2", "[-2, 2)");
        Pool2dTest.fails(IllegalArgumentException.class, () -> SoftmaxParams.of(-3, 3, 4), "axis -3");
        Pool2dTest.fails(IllegalArgumentException.class, () -> SoftmaxParams.of(0, 3, 0), "positive");
        Pool2dTest.fails(IllegalArgumentException.class, () -> SoftmaxParams.of(0, Long.MAX_VALUE / 2, 3), "overflows");
        Softmax op = Softmax.create(SoftmaxParams.of(-1, 2, 3));
        try (Tensor a = Tensor.allocate(DType.F32, 2, 3);
             Tensor wrong = Tensor.allocate(DType.F32, 3, 2);
             Tensor s8 = Tensor.allocate(DType.S8, 2, 3)) {
            Pool2dTest.fails(NullPointerException.class, () -> op.run(null, a), "src");
            Pool2dTest.fails(NullPointerException.class, () -> op.run(a, null), "dst");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(wrong, a), "src shape", "[3, 2]");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(s8, a), "src", "F32", "S8");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(a, a), "overlap");
            Pool2dTest.fails(FrugalException.class, () -> Softmax.create(op.params(), "nosuch"), "nosuch");
            op.close();
            Pool2dTest.fails(IllegalStateException.class, () -> op.run(a, wrong), "closed softmax");
            Pool2dTest.fails(IllegalStateException.class, op::share, "closed softmax");
            op.close(); // twice is fine
        }
    }
}
