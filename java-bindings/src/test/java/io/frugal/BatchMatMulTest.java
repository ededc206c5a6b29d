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
 * Every batched matmul kernel ("onednn", "ref") against a float64 numpy-matmul reference written
 * here, over attention shapes, rank-1 operands on either or both sides, batch broadcasting on
 * either or both operands, ranks up to 6 and odd M, K, N, plus bad input. Surefire reruns this
 * class under each FRUGAL_MAX_ISA cap.
 */
@Tag("kernel") // rerun under every FRUGAL_MAX_ISA cap (java-bindings/pom.xml)
class BatchMatMulTest {
    static final double TOLERANCE = 1e-5;
    static final List<String> KERNELS = List.of("onednn", "ref");
    static final long[][][] SHAPES = {
        {{1, 8, 40, 15}, {1, 8, 15, 40}}, {{1, 8, 40, 40}, {1, 8, 40, 15}}, // attention: Q x K^T, then P x V
        {{7}, {7}}, {{7}, {7, 3}}, {{4, 7}, {7}}, {{7}, {2, 3, 7, 5}}, {{2, 3, 4, 7}, {7}},
        {{1, 1}, {1, 1}}, {{3, 4}, {2, 4, 5}}, {{2, 3, 4}, {4, 5}}, {{2, 1, 3, 4}, {5, 4, 6}},
        {{2, 1, 3, 4}, {1, 5, 4, 6}}, {{1, 1, 1, 1, 2, 3}, {2, 2, 2, 1, 3, 1}}, {{5, 33, 65}, {5, 65, 17}},
        {{2, 3, 1, 129}, {3, 129, 31}}, {{6, 1, 5}, {1, 5, 1}}};

    static Stream<Arguments> sweep() {
        return Arrays.stream(SHAPES).flatMap(s -> KERNELS.stream().map(k -> Arguments.of(BatchMatMulParams.of(s[0], s[1]), k)));
    }

    /**
     * Float64 numpy matmul: rank-1 a is [1, K] and rank-1 b is [K, 1]; batch dims align on the
     * right, a size-1 dim repeating; the promoted dims are dropped from the result.
     */
    static double[] reference(BatchMatMulParams p, float[] a, float[] b) {
        long[] sa = p.shapeA(), sb = p.shapeB();
        long[] a2 = sa.length == 1 ? new long[] {1, sa[0]} : sa, b2 = sb.length == 1 ? new long[] {sb[0], 1} : sb;
        int rank = Math.max(a2.length, b2.length), nb = rank - 2;
        long m = a2[a2.length - 2], k = a2[a2.length - 1], n = b2[b2.length - 1];
        long[] batch = new long[nb];
        long batches = 1;
        for (int i = 0; i < nb; i++) {
            int ia = i - (rank - a2.length), ib = i - (rank - b2.length);
            batch[i] = Math.max(ia >= 0 ? a2[ia] : 1, ib >= 0 ? b2[ib] : 1);
            batches *= batch[i];
        }
        double[] dst = new double[(int) (batches * m * n)];
        for (long o = 0; o < batches; o++) {
            long rest = o, offA = 0, offB = 0, mulA = 1, mulB = 1;
            for (int i = nb - 1; i >= 0; i--) {
                long idx = rest % batch[i];
                rest /= batch[i];
                int ia = i - (rank - a2.length), ib = i - (rank - b2.length);
                if (ia >= 0) { offA += (a2[ia] == 1 ? 0 : idx) * mulA; mulA *= a2[ia]; }
                if (ib >= 0) { offB += (b2[ib] == 1 ? 0 : idx) * mulB; mulB *= b2[ib]; }
            }
            for (long i = 0; i < m; i++) {
                for (long j = 0; j < n; j++) {
                    double acc = 0;
                    for (long q = 0; q < k; q++) {
                        acc += (double) a[(int) ((offA * m + i) * k + q)] * (double) b[(int) ((offB * k + q) * n + j)];
                    }
                    dst[(int) ((o * m + i) * n + j)] = acc;
                }
            }
        }
        return dst;
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("sweep")
    void matchesFloat64Reference(BatchMatMulParams p, String kernel) {
        float[] a = Reference.uniform(p.hashCode(), (int) Tensor.elementCount(p.shapeA()));
        float[] b = Reference.uniform(p.hashCode() + 1, (int) Tensor.elementCount(p.shapeB()));
        try (BatchMatMul op = BatchMatMul.create(p, kernel);
             Tensor x = Tensor.fromArray(a, p.shapeA());
             Tensor y = Tensor.fromArray(b, p.shapeB());
             Tensor z = Tensor.allocate(DType.F32, p.outputShape())) {
            String name = op.kernel();
            assertTrue(name.startsWith(kernel), () -> "pinned " + kernel + " but got " + name);
            assertFalse(IsaSupport.namesIsaAbove(name, IsaSupport.effective()), name);
            float[] nan = new float[(int) z.elementCount()];
            Arrays.fill(nan, Float.NaN);
            z.copyFrom(nan);
            op.run(x, y, z);
            double err = Reference.relativeL2(z.toFloatArray(), reference(p, a, b));
            assertTrue(err <= TOLERANCE, () -> p + " on " + name + ": relative L2 " + err);
            try (BatchMatMul twin = op.share(); Tensor z2 = twin.run(x, y)) {
                assertArrayEquals(z.toFloatArray(), z2.toFloatArray());
                assertEquals(name, twin.kernel());
            }
        }
    }

    @Test
    void shapesFollowNumpy() {
        assertArrayEquals(new long[] {1, 8, 40, 40}, BatchMatMulParams.of(new long[] {1, 8, 40, 15}, new long[] {1, 8, 15, 40})
                .outputShape());
        assertArrayEquals(new long[0], BatchMatMulParams.of(new long[] {7}, new long[] {7}).outputShape());
        assertArrayEquals(new long[] {3}, BatchMatMulParams.of(new long[] {7}, new long[] {7, 3}).outputShape());
        assertArrayEquals(new long[] {2, 3, 4}, BatchMatMulParams.of(new long[] {2, 3, 4, 7}, new long[] {7}).outputShape());
        assertArrayEquals(new long[] {2, 3, 5}, BatchMatMulParams.of(new long[] {7}, new long[] {2, 3, 7, 5}).outputShape());
        assertArrayEquals(new long[] {2, 5, 3, 6}, BatchMatMulParams.of(new long[] {2, 1, 3, 4}, new long[] {5, 4, 6})
                .outputShape());
        // [1, 2] x [[3], [4]] = [11]; numpy: np.matmul([1, 2], [[3], [4]]) -> array([11.])
        try (BatchMatMul op = BatchMatMul.create(BatchMatMulParams.of(new long[] {2}, new long[] {2, 1}));
             Tensor a = Tensor.fromArray(new float[] {1, 2}, 2);
             Tensor b = Tensor.fromArray(new float[] {3, 4}, 2, 1);
             Tensor c = op.run(a, b)) {
            assertTrue(op.kernel().startsWith("onednn:"), op.kernel());
            assertArrayEquals(new long[] {1}, c.shape());
            assertArrayEquals(new float[] {11}, c.toFloatArray());
        }
    }

    @Test
    void badInputIsRefusedBeforeNativeCode() {
        long[] a = {2, 3, 4}, b = {4, 5};
        Pool2dTest.fails(NullPointerException.class, () -> BatchMatMulParams.of(null, b), "a shape");
        Pool2dTest.fails(NullPointerException.class, () -> BatchMatMulParams.of(a, null), "b shape");
        Pool2dTest.fails(NullPointerException.class, () -> BatchMatMul.create(null), "params");
        Pool2dTest.fails(IllegalArgumentException.class, () -> BatchMatMulParams.of(new long[0], b), "a shape rank 0", "1 to 6");
        Pool2dTest.fails(IllegalArgumentException.class, () -> BatchMatMulParams.of(a, new long[7]), "b shape rank 7");
        Pool2dTest.fails(IllegalArgumentException.class, () -> BatchMatMulParams.of(new long[] {2, 0, 4}, b), "a shape dimension 1",
                "0");
        Pool2dTest.fails(IllegalArgumentException.class, () -> BatchMatMulParams.of(a, new long[] {5, 4}), "do not multiply",
                "last dimension 4", "second-to-last dimension 5");
        Pool2dTest.fails(IllegalArgumentException.class, () -> BatchMatMulParams.of(new long[] {3}, new long[] {4}),
                "only dimension 4");
        Pool2dTest.fails(IllegalArgumentException.class, () -> BatchMatMulParams.of(new long[] {2, 3, 4},
                new long[] {3, 4, 5}), "do not broadcast", "2 vs 3");
        Pool2dTest.fails(IllegalArgumentException.class, () -> BatchMatMulParams.of(new long[] {Long.MAX_VALUE / 2, 1},
                new long[] {1, 3}), "overflows");
        Pool2dTest.fails(IllegalArgumentException.class, () -> BatchMatMulParams.of(new long[] {1L << 31, 1},
                new long[] {1, 1L << 31}), "output shape", "overflows");
        long[] mutable = {2, 3, 4};
        BatchMatMulParams p = BatchMatMulParams.of(mutable, b);
        mutable[0] = 99; // the params copied it
        assertArrayEquals(new long[] {2, 3, 4}, p.shapeA());
        BatchMatMul op = BatchMatMul.create(p);
        try (Tensor x = Tensor.allocate(DType.F32, a);
             Tensor y = Tensor.allocate(DType.F32, b);
             Tensor z = Tensor.allocate(DType.F32, 2, 3, 5);
             Tensor big = Tensor.allocate(DType.F32, 2, 3, 5, 2);
             Tensor zView = big.view(30, 2).slice(0, 15).view(2, 3, 5);
             Tensor s8 = Tensor.allocate(DType.S8, b)) {
            Pool2dTest.fails(NullPointerException.class, () -> op.run(null, y, z), "a is null");
            Pool2dTest.fails(NullPointerException.class, () -> op.run(x, null, z), "b is null");
            Pool2dTest.fails(NullPointerException.class, () -> op.run(x, y, null), "dst");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(y, y, z), "a shape", "[4, 5]", "[2, 3, 4]");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(x, s8, z), "b must be F32", "S8");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(x, y, x), "dst shape");
            try (Tensor aliasA = big.view(60).slice(0, 24).view(2, 3, 4)) {
                Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(aliasA, y, zView), "overlaps");
            }
            Pool2dTest.fails(FrugalException.class, () -> BatchMatMul.create(p, "nosuch"), "nosuch", "onednn", "ref:direct");
            op.close();
            Pool2dTest.fails(IllegalStateException.class, () -> op.run(x, y, z), "closed batch_matmul");
            Pool2dTest.fails(IllegalStateException.class, op::share, "closed batch_matmul");
        }
    }
}
