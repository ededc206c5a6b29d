package io.frugal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frugal.BinaryParams.Kind;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every binary kernel ("onednn", "ref") against a float64 broadcasting reference written here,
 * over Add, Mul, Sub, Div, ranks 1 to 6, broadcasting either or both inputs, with and without a
 * fused activation, plus bad input. oneDNN broadcasts only its second input: it must decline
 * Sub/Div with a broadcast src0 and serve everything else. Surefire reruns this class under each
 * FRUGAL_MAX_ISA cap.
 */
@Tag("kernel") // rerun under every FRUGAL_MAX_ISA cap (java-bindings/pom.xml)
class BinaryTest {
    static final double TOLERANCE = 1e-6;
    static final List<String> KERNELS = List.of("onednn", "ref");
    static final long[][][] SHAPES = {
        {{7}, {7}}, {{3, 17}, {17}}, {{3, 17}, {1}}, {{2, 5, 7, 9}, {5, 1, 1}}, {{1, 5, 1, 9}, {2, 5, 7, 9}},
        {{2, 1, 7}, {1, 5, 1}}, {{2, 3, 1, 4, 5, 3}, {3, 1, 4, 1, 1}}, {{4, 1, 3, 1, 2}, {4, 6, 3, 5, 2}}};

    static Stream<Arguments> sweep() {
        return Stream.of(Kind.values()).flatMap(kind -> Arrays.stream(SHAPES).flatMap(s -> Stream.of(Activation.none(),
                        Activation.relu()).flatMap(a -> KERNELS.stream()
                        .map(k -> Arguments.of(new BinaryParams(kind, s[0], s[1], a), k)))));
    }

    /** Float64 ONNX broadcasting: every output index maps to each input with broadcast axes at 0. */
    static double[] reference(BinaryParams p, float[] a, float[] b) {
        long[] out = p.outputShape(), sa = p.shape0(), sb = p.shape1();
        int rank = out.length;
        double[] dst = new double[(int) Tensor.elementCount(out)];
        for (int o = 0; o < dst.length; o++) {
            long rest = o, ia = 0, ib = 0, ma = 1, mb = 1;
            for (int i = rank - 1; i >= 0; i--) {
                long idx = rest % out[i];
                rest /= out[i];
                int ja = i - (rank - sa.length), jb = i - (rank - sb.length);
                if (ja >= 0) { ia += (sa[ja] == 1 ? 0 : idx) * ma; ma *= sa[ja]; }
                if (jb >= 0) { ib += (sb[jb] == 1 ? 0 : idx) * mb; mb *= sb[jb]; }
            }
            double x = a[(int) ia], y = b[(int) ib];
            double r = switch (p.kind()) {
                case ADD -> x + y;
                case MUL -> x * y;
                case SUB -> x - y;
                case DIV -> x / y;
            };
            dst[o] = Reference.activation(p.activation(), r);
        }
        return dst;
    }

    static boolean onednnDeclines(BinaryParams p) {
        return !Arrays.equals(p.shape0(), p.outputShape()) && (p.kind() == Kind.SUB || p.kind() == Kind.DIV
                || !Arrays.equals(p.shape1(), p.outputShape()));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("sweep")
    void matchesFloat64Reference(BinaryParams p, String kernel) {
        float[] a = Reference.uniform(p.hashCode(), (int) Tensor.elementCount(p.shape0()));
        float[] b = Reference.uniform(p.hashCode() + 1, (int) Tensor.elementCount(p.shape1()));
        if (p.kind() == Kind.DIV) for (int i = 0; i < b.length; i++) b[i] = b[i] >= 0 ? b[i] + 0.5f : b[i] - 0.5f;
        if (kernel.equals("onednn") && onednnDeclines(p)) {
            FrugalException e = assertThrows(FrugalException.class, () -> Binary.create(p, kernel).close());
            assertEquals(ErrorCode.UNIMPLEMENTED, e.code());
            return;
        }
        try (Binary op = Binary.create(p, kernel);
             Tensor x = Tensor.fromArray(a, p.shape0());
             Tensor y = Tensor.fromArray(b, p.shape1());
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
            try (Binary twin = op.share(); Tensor z2 = twin.run(x, y)) {
                assertArrayEquals(z.toFloatArray(), z2.toFloatArray());
            }
        }
    }

    @Test
    void unpinnedPrefersOnednnAndFallsBackToRef() {
        try (Binary add = Binary.create(BinaryParams.of(Kind.ADD, new long[] {1, 3}, new long[] {2, 1, 3}))) {
            assertTrue(add.kernel().startsWith("onednn:"), add.kernel()); // swapped operands
            assertArrayEquals(new long[] {2, 1, 3}, add.outputShape());
        }
        try (Binary sub = Binary.create(BinaryParams.of(Kind.SUB, new long[] {3}, new long[] {2, 3}))) {
            assertEquals("ref:direct", sub.kernel());
        }
    }

    @Test
    void badInputIsRefusedBeforeNativeCode() {
        long[] s = {2, 3};
        Pool2dTest.fails(NullPointerException.class, () -> BinaryParams.of(null, s, s), "kind");
        Pool2dTest.fails(NullPointerException.class, () -> BinaryParams.of(Kind.ADD, null, s), "shape0");
        Pool2dTest.fails(NullPointerException.class, () -> Binary.create(null), "params");
        Pool2dTest.fails(IllegalArgumentException.class, () -> BinaryParams.of(Kind.ADD, new long[] {2, 3}, new long[] {4}),
                "do not broadcast", "[2, 3]", "[4]");
        Pool2dTest.fails(IllegalArgumentException.class, () -> BinaryParams.of(Kind.ADD, new long[7], s), "at most 6");
        Pool2dTest.fails(IllegalArgumentException.class, () -> BinaryParams.of(Kind.ADD, new long[] {0}, s), "positive");
        Pool2dTest.fails(IllegalArgumentException.class,
                () -> BinaryParams.of(Kind.ADD, new long[] {Long.MAX_VALUE / 2, 1}, new long[] {1, 3}), "overflows");
        assertArrayEquals(new long[] {2, 3}, BinaryParams.of(Kind.MUL, new long[0], s).outputShape()); // a scalar
        Binary op = Binary.create(BinaryParams.of(Kind.ADD, s, new long[] {3}));
        try (Tensor a = Tensor.allocate(DType.F32, 2, 3);
             Tensor b = Tensor.allocate(DType.F32, 3);
             Tensor dst = Tensor.allocate(DType.F32, 2, 3);
             Tensor s8 = Tensor.allocate(DType.S8, 3)) {
            Pool2dTest.fails(NullPointerException.class, () -> op.run(null, b, dst), "src0");
            Pool2dTest.fails(NullPointerException.class, () -> op.run(a, null, dst), "src1");
            Pool2dTest.fails(NullPointerException.class, () -> op.run(a, b, null), "dst");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(b, b, dst), "src0 shape", "[3]");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(a, s8, dst), "src1", "F32", "S8");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(a, b, a), "overlaps");
            Pool2dTest.fails(FrugalException.class, () -> Binary.create(op.params(), "nosuch"), "nosuch");
            op.close();
            Pool2dTest.fails(IllegalStateException.class, () -> op.run(a, b, dst), "closed binary");
            Pool2dTest.fails(IllegalStateException.class, op::share, "closed binary");
        }
    }
}
