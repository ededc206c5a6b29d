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
 * float64, over every activation kind and tensors of rank 1 to 6, plus bad input. Surefire reruns
 * this class under each FRUGAL_MAX_ISA cap.
 */
@Tag("kernel") // rerun under every FRUGAL_MAX_ISA cap (java-bindings/pom.xml)
class EltwiseTest {
    static final double TOLERANCE = 1e-5;
    static final List<String> KERNELS = List.of("onednn", "ref");
    static final List<Activation> ACTIVATIONS = List.of(Activation.none(), Activation.relu(), Activation.leakyRelu(0.1f),
            Activation.clip(-0.5f, 1.5f), Activation.sigmoid(), Activation.hardSigmoid(0.2f, 0.5f), Activation.hardSwish(),
            Activation.tanh());
    static final List<long[]> SHAPES = List.of(new long[] {1}, new long[] {1001}, new long[] {3, 17}, new long[] {2, 5, 7, 9},
            new long[] {1, 3, 1, 7, 5}, new long[] {2, 1, 3, 2, 5, 3});

    static Stream<Arguments> sweep() {
        return ACTIVATIONS.stream().flatMap(a -> SHAPES.stream().flatMap(s -> KERNELS.stream()
                .map(k -> Arguments.of(EltwiseParams.of(a, s), k))));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("sweep")
    void matchesFloat64Reference(EltwiseParams p, String kernel) {
        float[] src = Reference.uniform(p.hashCode(), (int) p.count());
        for (int i = 0; i < src.length; i++) src[i] *= 5; // across every bend of every activation
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
            op.close();
            Pool2dTest.fails(IllegalStateException.class, () -> op.run(x, y), "closed eltwise");
            assertEquals(true, op.isClosed());
        }
    }
}
