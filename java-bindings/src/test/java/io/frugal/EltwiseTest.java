package io.frugal;

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
 * Every standalone activation kernel ("onednn", "ref") against {@link Reference#activation} in
 * float64, over every activation kind (Pow with exponents 2, 0.5, 3 and -1) and tensors of rank 1
 * to 6, the unary kinds also fused as a post-op (into Binary), plus bad input. Inputs stay in each
 * kind's domain: Sqrt and Pow with a non-integer exponent see |x|. Surefire reruns this class
 * under each FRUGAL_MAX_ISA cap.
 */
@Tag("kernel") // rerun under every FRUGAL_MAX_ISA cap (java-bindings/pom.xml)
class EltwiseTest {
    static final double TOLERANCE = 1e-5;
    static final List<String> KERNELS = List.of("onednn", "ref");
    static final List<Activation> ACTIVATIONS = List.of(Activation.none(), Activation.relu(), Activation.leakyRelu(0.1f),
            Activation.clip(-0.5f, 1.5f), Activation.sigmoid(), Activation.hardSigmoid(0.2f, 0.5f), Activation.hardSwish(),
            Activation.tanh(), Activation.sqrt(), Activation.pow(2f), Activation.pow(0.5f), Activation.pow(3f),
            Activation.pow(-1f), Activation.exp(), Activation.abs(), Activation.neg());
    static final List<long[]> SHAPES = List.of(new long[] {1}, new long[] {1001}, new long[] {3, 17}, new long[] {2, 5, 7, 9},
            new long[] {1, 3, 1, 7, 5}, new long[] {2, 1, 3, 2, 5, 3});

    static Stream<Arguments> sweep() {
        return ACTIVATIONS.stream().flatMap(a -> SHAPES.stream().flatMap(s -> KERNELS.stream()
                .map(k -> Arguments.of(EltwiseParams.of(a, s), k))));
    }

    /** Negative inputs give NaN for Sqrt and for Pow with a non-integer exponent: keep to the domain. */
    static void intoDomain(Activation a, float[] x) {
        boolean nonNegative = a.kind() == Activation.Kind.SQRT
                || (a.kind() == Activation.Kind.POW && a.alpha() != Math.rint(a.alpha()));
        if (nonNegative) for (int i = 0; i < x.length; i++) x[i] = Math.abs(x[i]);
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("sweep")
    void matchesFloat64Reference(EltwiseParams p, String kernel) {
        float[] src = Reference.uniform(p.hashCode(), (int) p.count());
        for (int i = 0; i < src.length; i++) src[i] *= 5; // across every bend of every activation
        intoDomain(p.activation(), src);
        double[] want = new double[src.length];
        for (int i = 0; i < src.length; i++) want[i] = Reference.activation(p.activation(), src[i]);
        try (Eltwise op = Eltwise.create(p, kernel);
             Tensor x = Tensor.fromArray(src, p.shape());
             Tensor y = Tensor.allocate(DType.F32, p.shape())) {
            String name = op.kernel();
            assertTrue(name.startsWith(kernel), () -> "pinned " + kernel + " but got " + name);
            assertFalse(IsaSupport.namesIsaAbove(name, IsaSupport.effective()), name);
            float[] nan = new float[src.length];
            Arrays.fill(nan, Float.NaN);
            y.copyFrom(nan);
            op.run(x, y);
            double err = Reference.relativeL2(y.toFloatArray(), want);
            assertTrue(err <= TOLERANCE, () -> p + " on " + name + ": relative L2 " + err);
            try (Eltwise twin = op.share(); Tensor y2 = twin.run(x)) {
                assertArrayEquals(y.toFloatArray(), y2.toFloatArray());
            }
        }
    }

    static Stream<Arguments> fused() {
        return ACTIVATIONS.stream().filter(a -> a.kind().ordinal() >= Activation.Kind.SQRT.ordinal())
                .flatMap(a -> KERNELS.stream().map(k -> Arguments.of(a, k)));
    }

    /** The unary kinds as a post-op: dst = act(a + b), with a + b kept in the activation's domain. */
    @ParameterizedTest(name = "add + {0} [{1}]")
    @MethodSource("fused")
    void fusedAsPostOpMatchesFloat64Reference(Activation act, String kernel) {
        BinaryParams p = new BinaryParams(BinaryParams.Kind.ADD, new long[] {3, 17}, new long[] {17}, act);
        float[] a = Reference.uniform(act.hashCode(), 51), b = Reference.uniform(act.hashCode() + 1, 17);
        intoDomain(act, a);
        intoDomain(act, b);
        try (Binary op = Binary.create(p, kernel);
             Tensor x = Tensor.fromArray(a, 3, 17);
             Tensor y = Tensor.fromArray(b, 17);
             Tensor z = op.run(x, y)) {
            assertTrue(op.kernel().startsWith(kernel), op.kernel());
            double err = Reference.relativeL2(z.toFloatArray(), BinaryTest.reference(p, a, b));
            assertTrue(err <= TOLERANCE, () -> p + " on " + op.kernel() + ": relative L2 " + err);
        }
    }

    @Test
    void unpinnedChoosesOnednn() {
        try (Eltwise op = Eltwise.create(EltwiseParams.of(Activation.relu(), 4, 4))) {
            assertTrue(op.kernel().startsWith("onednn:"), op.kernel());
            assertArrayEquals(new long[] {4, 4}, op.inputShape());
            assertArrayEquals(new long[] {4, 4}, op.outputShape());
        }
    }

    @Test
    void badInputIsRefusedBeforeNativeCode() {
        Pool2dTest.fails(NullPointerException.class, () -> EltwiseParams.of(null, 2), "activation");
        Pool2dTest.fails(NullPointerException.class, () -> new EltwiseParams(null, Activation.relu()), "shape");
        Pool2dTest.fails(NullPointerException.class, () -> Eltwise.create(null), "params");
        Pool2dTest.fails(IllegalArgumentException.class, () -> EltwiseParams.of(Activation.relu(), 2, 0), "dimension 1", "0");
        Pool2dTest.fails(IllegalArgumentException.class, () -> EltwiseParams.of(Activation.relu(), Long.MAX_VALUE / 2, 3),
                "overflows");
        long[] shape = {2, 3};
        EltwiseParams p = EltwiseParams.of(Activation.tanh(), shape);
        shape[0] = 99; // the params copied it
        assertArrayEquals(new long[] {2, 3}, p.shape());
        Eltwise op = Eltwise.create(p);
        try (Tensor x = Tensor.allocate(DType.F32, 2, 3);
             Tensor y = Tensor.allocate(DType.F32, 2, 3);
             Tensor flat = Tensor.allocate(DType.F32, 6);
             Tensor s32 = Tensor.allocate(DType.S32, 2, 3)) {
            Pool2dTest.fails(NullPointerException.class, () -> op.run(null, y), "src");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(flat, y), "src shape", "[6]");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(x, s32), "dst", "F32", "S32");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(x, x), "overlap");
            Pool2dTest.fails(FrugalException.class, () -> Eltwise.create(p, "nosuch"), "nosuch");
            Pool2dTest.fails(IllegalArgumentException.class, () -> Activation.pow(Float.POSITIVE_INFINITY), "pow exponent",
                    "finite");
            Pool2dTest.fails(IllegalArgumentException.class, () -> Activation.pow(Float.NaN), "NaN");
            op.close();
            Pool2dTest.fails(IllegalStateException.class, () -> op.run(x, y), "closed eltwise");
            assertEquals(true, op.isClosed());
        }
    }
}
