package io.frugal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every concat kernel ("onednn", "ref") against a float64 reference written here (index by index,
 * output to input), over odd shapes of rank 1 to 6, every axis, 1 to 64 inputs; plus bad input.
 * Concat copies, so results must be bit-exact. Surefire reruns this class under each
 * FRUGAL_MAX_ISA cap.
 */
@Tag("kernel") // rerun under every FRUGAL_MAX_ISA cap (java-bindings/pom.xml)
class ConcatTest {
    static final List<String> KERNELS = List.of("onednn", "ref");

    static List<ConcatParams> cases() {
        long[][] bases = {{7}, {3, 5}, {2, 3, 5}, {1, 4, 3, 5}, {2, 1, 3, 2, 3}, {2, 3, 1, 2, 3, 2}};
        List<ConcatParams> out = new ArrayList<>();
        for (long[] base : bases) {
            for (int axis = 0; axis < base.length; axis++) {
                long[][] shapes = new long[3][];
                for (int i = 0; i < 3; i++) {
                    shapes[i] = base.clone();
                    shapes[i][axis] = 1 + (i * 2 + axis) % 4; // 1, 3, ... odd extents
                }
                out.add(new ConcatParams(axis == base.length - 1 && base.length > 1 ? -1 : axis, shapes));
            }
        }
        out.add(ConcatParams.of(0, new long[] {2, 3}));                     // a single input
        long[][] many = new long[64][];
        for (int i = 0; i < many.length; i++) many[i] = new long[] {2, 1 + i % 3, 3};
        out.add(new ConcatParams(1, many));                                  // the maximum count
        out.add(ConcatParams.of(1, new long[] {1, 96, 5, 7}, new long[] {1, 96, 5, 7}, new long[] {1, 96, 5, 7},
                new long[] {1, 96, 5, 7}));                                  // PaddleOCR det neck
        return out;
    }

    static Stream<Arguments> sweep() {
        return cases().stream().flatMap(p -> KERNELS.stream().map(k -> Arguments.of(p, k)));
    }

    /** For every output index: the input whose axis range holds it, at the shifted index. */
    static double[] reference(ConcatParams p, float[][] in) {
        long[] out = p.outputShape();
        int a = p.normalizedAxis(), rank = out.length;
        double[] dst = new double[(int) Tensor.elementCount(out)];
        for (int o = 0; o < dst.length; o++) {
            long[] idx = new long[rank];
            long rest = o;
            for (int i = rank - 1; i >= 0; i--) {
                idx[i] = rest % out[i];
                rest /= out[i];
            }
            int which = 0;
            long at = idx[a];
            while (at >= p.shape(which)[a]) at -= p.shape(which++)[a];
            long[] s = p.shape(which);
            long flat = 0;
            for (int i = 0; i < rank; i++) flat = flat * s[i] + (i == a ? at : idx[i]);
            dst[o] = in[which][(int) flat];
        }
        return dst;
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("sweep")
    void matchesFloat64Reference(ConcatParams p, String kernel) {
        float[][] data = new float[p.count()][];
        Tensor[] inputs = new Tensor[p.count()];
        try (Concat op = Concat.create(p, kernel); Tensor dst = Tensor.allocate(DType.F32, p.outputShape())) {
            for (int i = 0; i < p.count(); i++) {
                data[i] = Reference.uniform(p.hashCode() + i, (int) Tensor.elementCount(p.shape(i)));
                inputs[i] = Tensor.fromArray(data[i], p.shape(i));
            }
            String name = op.kernel();
            assertTrue(name.startsWith(kernel), () -> "pinned " + kernel + " but got " + name);
            assertFalse(IsaSupport.namesIsaAbove(name, IsaSupport.effective()), name);
            float[] nan = new float[(int) dst.elementCount()];
            Arrays.fill(nan, Float.NaN);
            dst.copyFrom(nan);
            op.run(inputs, dst);
            double[] want = reference(p, data);
            float[] got = dst.toFloatArray();
            for (int i = 0; i < got.length; i++) {
                int at = i;
                assertEquals((float) want[i], got[i], 0f, () -> p + " on " + name + ": element " + at);
            }
            try (Concat twin = op.share(); Tensor again = twin.run(inputs)) {
                assertEquals(name, twin.kernel());
                assertArrayEquals(got, again.toFloatArray());
            }
        } finally {
            for (Tensor t : inputs) if (t != null) t.close();
        }
    }

    @Test
    void unpinnedPrefersOnednn() {
        try (Concat op = Concat.create(ConcatParams.of(-1, new long[] {2, 3}, new long[] {2, 4}))) {
            assertTrue(op.kernel().startsWith("onednn:"), op.kernel());
            assertArrayEquals(new long[] {2, 7}, op.outputShape());
        }
    }

    @Test
    void badInputIsRefusedBeforeNativeCode() {
        Pool2dTest.fails(NullPointerException.class, () -> ConcatParams.of(0, (long[][]) null), "shapes");
        Pool2dTest.fails(NullPointerException.class, () -> ConcatParams.of(0, new long[] {2}, null), "input 1");
        Pool2dTest.fails(NullPointerException.class, () -> Concat.create(null), "params");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ConcatParams.of(0), "0 inputs");
        Pool2dTest.fails(IllegalArgumentException.class, () -> new ConcatParams(0, new long[65][]), "65 inputs");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ConcatParams.of(0, new long[0]), "rank 0");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ConcatParams.of(0, new long[7]), "rank 7");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ConcatParams.of(2, new long[] {2, 3}), "axis 2");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ConcatParams.of(0, new long[] {2, 3}, new long[] {2}), "rank 1");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ConcatParams.of(0, new long[] {2, 3}, new long[] {2, 4}),
                "differs", "axis 1");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ConcatParams.of(0, new long[] {0, 3}), "positive");
        Pool2dTest.fails(IllegalArgumentException.class,
                () -> ConcatParams.of(0, new long[] {Long.MAX_VALUE / 2, 3}, new long[] {Long.MAX_VALUE / 2, 3}), "overflows");
        Concat op = Concat.create(ConcatParams.of(0, new long[] {2, 3}, new long[] {1, 3}));
        try (Tensor a = Tensor.allocate(DType.F32, 2, 3);
             Tensor b = Tensor.allocate(DType.F32, 1, 3);
             Tensor dst = Tensor.allocate(DType.F32, 3, 3);
             Tensor s8 = Tensor.allocate(DType.S8, 1, 3)) {
            Pool2dTest.fails(NullPointerException.class, () -> op.run(null, dst), "inputs");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(new Tensor[] {a}, dst), "1 inputs given", "2 expected");
            Pool2dTest.fails(NullPointerException.class, () -> op.run(new Tensor[] {a, null}, dst), "input 1");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(new Tensor[] {b, a}, dst), "input 0 shape", "[1, 3]");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(new Tensor[] {a, s8}, dst), "input 1", "F32", "S8");
            Pool2dTest.fails(NullPointerException.class, () -> op.run(new Tensor[] {a, b}, null), "dst");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(new Tensor[] {a, b}, a), "dst shape");
            try (Tensor big = Tensor.allocate(DType.F32, 3, 3); Tensor view = big.slice(2, 3)) {
                Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(new Tensor[] {a, view}, big), "overlaps input 1");
            }
            Pool2dTest.fails(FrugalException.class, () -> Concat.create(op.params(), "nosuch"), "nosuch");
            op.close();
            Pool2dTest.fails(IllegalStateException.class, () -> op.run(new Tensor[] {a, b}, dst), "closed concat");
            Pool2dTest.fails(IllegalStateException.class, op::share, "closed concat");
            op.close(); // twice is fine
        }
    }
}
