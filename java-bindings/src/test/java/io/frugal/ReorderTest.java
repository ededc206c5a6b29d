package io.frugal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reorder kernel ("onednn", "ref") against float64 references written here from the ONNX
 * definitions (Transpose: {@code out[i] = in[i permuted]}; Slice: Python slice semantics per
 * axis; a strided view: the address formula), over ranks 1 to 6, every permutation of rank 3,
 * ONNX slices with negative and clamped indices and steps, zero strides, offsets and views
 * oneDNN refuses. A copy, so results must be bit-exact. Where oneDNN's stride rule refuses a view,
 * the pinned onednn kernel must decline (FRUGAL_UNIMPLEMENTED) and the unpinned list falls
 * through to ref. Surefire reruns this class under each FRUGAL_MAX_ISA cap.
 */
@Tag("kernel") // rerun under every FRUGAL_MAX_ISA cap (java-bindings/pom.xml)
class ReorderTest {
    static final List<String> KERNELS = List.of("onednn", "ref");
    static final long MAX = Long.MAX_VALUE, MIN = Long.MIN_VALUE;

    /** A problem and its reference, computed from the ONNX definition rather than from the params. */
    record Case(String name, ReorderParams params, Function<float[], double[]> reference) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case transpose(long[] shape, int[] perm) {
        return new Case("transpose " + Arrays.toString(shape) + " perm " + Arrays.toString(perm),
                ReorderParams.transpose(shape, perm), x -> transposeReference(shape, perm, x));
    }

    static Case slice(long[] shape, long[] starts, long[] ends, long[] axes, long[] steps) {
        return new Case("slice " + Arrays.toString(shape) + " starts " + Arrays.toString(starts) + " ends "
                + Arrays.toString(ends) + " axes " + Arrays.toString(axes) + " steps " + Arrays.toString(steps),
                ReorderParams.slice(shape, starts, ends, axes, steps), x -> sliceReference(shape, starts, ends, axes, steps, x));
    }

    static Case strided(long[] srcShape, long[] dims, long[] strides, long offset) {
        ReorderParams p = ReorderParams.strided(srcShape, dims, strides, offset);
        return new Case("strided " + p, p, x -> stridedReference(dims, strides, offset, x));
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        out.add(transpose(new long[] {7}, null));
        out.add(transpose(new long[] {3, 5}, null));
        out.add(transpose(new long[] {3, 5}, new int[] {0, 1}));                 // identity: a dense copy
        for (int[] perm : new int[][] {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}) {
            out.add(transpose(new long[] {2, 3, 5}, perm));
        }
        out.add(transpose(new long[] {1, 3, 5, 7}, new int[] {0, 2, 3, 1}));     // NCHW -> NHWC
        out.add(transpose(new long[] {2, 5, 7, 3}, new int[] {0, 3, 1, 2}));     // NHWC -> NCHW
        out.add(transpose(new long[] {1, 25, 1, 97}, new int[] {0, 2, 1, 3}));   // PaddleOCR rec head
        out.add(transpose(new long[] {2, 3, 1, 4, 5}, new int[] {4, 2, 0, 3, 1}));
        out.add(transpose(new long[] {2, 3, 2, 1, 3, 2}, null));
        out.add(transpose(new long[] {2, 3, 2, 1, 3, 2}, new int[] {1, 3, 5, 0, 2, 4}));
        out.add(transpose(new long[] {33, 65}, null));                          // odd sizes around vector widths

        out.add(slice(new long[] {5, 7}, new long[] {1}, new long[] {MAX}, new long[] {1}, null));
        out.add(slice(new long[] {5, 7}, new long[] {-3}, new long[] {-1}, new long[] {-1}, null));
        out.add(slice(new long[] {5, 7}, new long[] {-100, 2}, new long[] {100, 4}, null, null));   // clamped
        out.add(slice(new long[] {5, 7}, new long[] {0, 1}, new long[] {5, 7}, null, new long[] {2, 3}));
        out.add(slice(new long[] {5, 20}, new long[] {0}, new long[] {20}, new long[] {1}, new long[] {3})); // oneDNN refuses
        out.add(slice(new long[] {5, 7}, new long[] {4}, new long[] {MAX}, new long[] {0}, new long[] {MAX}));
        out.add(slice(new long[] {2, 3, 4, 5}, new long[] {1, 1}, new long[] {2, 3}, new long[] {1, -1}, null));
        out.add(slice(new long[] {1, 96, 9, 11}, new long[] {0, 1}, new long[] {48, MAX}, new long[] {1, 3},
                new long[] {1, 2}));
        out.add(slice(new long[] {3, 4, 5, 2, 3, 2}, new long[] {1, -4, 0}, new long[] {3, MAX, -1},
                new long[] {0, 2, 5}, new long[] {1, 2, 1}));
        out.add(slice(new long[] {9}, new long[] {-1}, new long[] {MAX}, null, null));             // one element

        out.add(strided(new long[] {4}, new long[] {3, 4}, new long[] {0, 1}, 0));             // broadcast rows
        out.add(strided(new long[] {4}, new long[] {4, 3}, new long[] {1, 0}, 0));             // broadcast columns
        out.add(strided(new long[] {10}, new long[] {2, 3, 4}, new long[] {0, 0, 1}, 6));
        out.add(strided(new long[] {5}, new long[] {3, 3}, new long[] {1, 1}, 0));             // overlapping windows
        out.add(strided(new long[] {10, 10}, new long[] {5, 7}, new long[] {20, 3}, 1));      // oneDNN refuses (3*7 > 20)
        out.add(strided(new long[] {1000}, new long[] {1, 3, 5, 7}, new long[] {1000, 100, 10, 1}, 123));
        out.add(strided(new long[] {2, 3, 4}, new long[] {24}, new long[] {1}, 0));           // a flatten
        out.add(strided(new long[] {6}, new long[] {1}, new long[] {0}, 5));                  // the last element
        return out;
    }

    static Stream<Arguments> sweep() {
        return cases().stream().flatMap(c -> KERNELS.stream().map(k -> Arguments.of(c, k)));
    }

    /**
     * oneDNN's rule for memory descriptors made from strides (memory_desc_strides_check): sorted
     * by stride, each stride must be at least the previous one times its dimension; zero strides
     * and unit dimensions are exempt.
     */
    static boolean onednnDeclines(ReorderParams p) {
        long[] dims = p.dstShape(), strides = p.srcStrides();
        Integer[] order = new Integer[dims.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> strides[i]).thenComparingLong(i -> dims[i]));
        long min = 1;
        for (int i : order) {
            if (strides[i] == 0 || dims[i] == 1) continue;
            if (strides[i] < min) return true;
            min = strides[i] * dims[i];
        }
        return false;
    }

    /** out[o_0..o_r-1] = in[i] with i[perm[k]] = o_k. */
    static double[] transposeReference(long[] in, int[] perm, float[] x) {
        int rank = in.length;
        int[] p = new int[rank];
        for (int k = 0; k < rank; k++) p[k] = perm == null ? rank - 1 - k : perm[k];
        long[] out = new long[rank];
        for (int k = 0; k < rank; k++) out[k] = in[p[k]];
        double[] y = new double[x.length];
        for (int o = 0; o < y.length; o++) {
            long[] idx = unflatten(o, out);
            long[] src = new long[rank];
            for (int k = 0; k < rank; k++) src[p[k]] = idx[k];
            y[o] = x[(int) flatten(src, in)];
        }
        return y;
    }

    /** Python's slice(start, end, step).indices(dim) per listed axis: ONNX Slice for positive steps. */
    static double[] sliceReference(long[] in, long[] starts, long[] ends, long[] axes, long[] steps, float[] x) {
        int rank = in.length;
        long[] first = new long[rank], step = new long[rank], count = in.clone();
        Arrays.fill(step, 1);
        for (int i = 0; i < starts.length; i++) {
            int a = (int) (axes == null ? i : axes[i] < 0 ? axes[i] + rank : axes[i]);
            long dim = in[a];
            long s = starts[i], e = ends[i];
            if (s < 0) s = Math.max(0, s + dim); else s = Math.min(s, dim);
            if (e < 0) e = Math.max(0, e + dim); else e = Math.min(e, dim);
            step[a] = steps == null ? 1 : steps[i];
            first[a] = s;
            count[a] = 0;
            for (long j = s; j < e; j += step[a]) {
                count[a]++;
                if (j > e - step[a]) break; // j + step would overflow or pass e
            }
        }
        double[] y = new double[(int) Tensor.elementCount(count)];
        for (int o = 0; o < y.length; o++) {
            long[] idx = unflatten(o, count);
            for (int k = 0; k < rank; k++) idx[k] = first[k] + idx[k] * step[k];
            y[o] = x[(int) flatten(idx, in)];
        }
        return y;
    }

    static double[] stridedReference(long[] dims, long[] strides, long offset, float[] x) {
        double[] y = new double[(int) Tensor.elementCount(dims)];
        for (int o = 0; o < y.length; o++) {
            long[] idx = unflatten(o, dims);
            long at = offset;
            for (int k = 0; k < dims.length; k++) at += idx[k] * strides[k];
            y[o] = x[(int) at];
        }
        return y;
    }

    static long[] unflatten(long flat, long[] shape) {
        long[] idx = new long[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            idx[k] = flat % shape[k];
            flat /= shape[k];
        }
        return idx;
    }

    static long flatten(long[] idx, long[] shape) {
        long flat = 0;
        for (int k = 0; k < shape.length; k++) flat = flat * shape[k] + idx[k];
        return flat;
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("sweep")
    void matchesFloat64Reference(Case c, String kernel) {
        ReorderParams p = c.params();
        if (kernel.equals("onednn") && onednnDeclines(p)) {
            FrugalException e = assertThrows(FrugalException.class, () -> Reorder.create(p, kernel).close());
            assertEquals(ErrorCode.UNIMPLEMENTED, e.code());
            assertTrue(e.getMessage().contains("strides"), e.getMessage());
            return;
        }
        float[] data = Reference.uniform(p.hashCode(), (int) p.srcElements());
        try (Reorder op = Reorder.create(p, kernel);
             Tensor src = Tensor.fromArray(data, p.srcShape());
             Tensor dst = Tensor.allocate(DType.F32, p.dstShape())) {
            String name = op.kernel();
            assertTrue(name.startsWith(kernel), () -> "pinned " + kernel + " but got " + name);
            assertFalse(IsaSupport.namesIsaAbove(name, IsaSupport.effective()), name);
            float[] nan = new float[(int) dst.elementCount()];
            Arrays.fill(nan, Float.NaN);
            dst.copyFrom(nan);
            op.run(src, dst);
            double[] want = c.reference().apply(data);
            float[] got = dst.toFloatArray();
            assertEquals(want.length, got.length, c.name());
            for (int i = 0; i < got.length; i++) {
                int at = i;
                assertEquals((float) want[i], got[i], 0f, () -> c.name() + " on " + name + ": element " + at);
            }
            try (Reorder twin = op.share(); Tensor again = twin.run(src)) {
                assertEquals(name, twin.kernel());
                assertArrayEquals(got, again.toFloatArray());
            }
        }
    }

    @Test
    void unpinnedPrefersOnednnAndFallsThroughToRef() {
        try (Reorder op = Reorder.create(ReorderParams.transpose(new long[] {2, 3}, null))) {
            assertTrue(op.kernel().startsWith("onednn:"), op.kernel());
            assertArrayEquals(new long[] {3, 2}, op.outputShape());
            assertArrayEquals(new long[] {2, 3}, op.inputShape());
        }
        ReorderParams stepped = ReorderParams.slice(new long[] {5, 20}, new long[] {0}, new long[] {20}, new long[] {1},
                new long[] {3});
        assertTrue(onednnDeclines(stepped));
        try (Reorder op = Reorder.create(stepped)) {
            assertEquals("ref:direct", op.kernel());
            assertArrayEquals(new long[] {5, 7}, op.outputShape());
        }
    }

    @Test
    void factoriesDescribeTheExpectedViews() {
        ReorderParams t = ReorderParams.transpose(new long[] {2, 3, 4}, new int[] {2, 0, 1});
        assertArrayEquals(new long[] {4, 2, 3}, t.dstShape());
        assertArrayEquals(new long[] {1, 12, 4}, t.srcStrides());
        assertEquals(0, t.srcOffset());
        ReorderParams s = ReorderParams.slice(new long[] {4, 10}, new long[] {1, -8}, new long[] {3, MAX}, null,
                new long[] {1, 3});
        assertArrayEquals(new long[] {2, 3}, s.dstShape()); // rows 1, 2; columns 2, 5, 8
        assertArrayEquals(new long[] {10, 3}, s.srcStrides());
        assertEquals(12, s.srcOffset());
        assertEquals(40, s.srcElements());
    }

    @Test
    void badInputIsRefusedBeforeNativeCode() {
        long[] s23 = {2, 3};
        Pool2dTest.fails(NullPointerException.class, () -> ReorderParams.transpose(null, null), "transpose", "input shape");
        Pool2dTest.fails(NullPointerException.class, () -> ReorderParams.strided(null, s23, s23, 0), "srcShape");
        Pool2dTest.fails(NullPointerException.class, () -> ReorderParams.strided(s23, null, s23, 0), "dstShape");
        Pool2dTest.fails(NullPointerException.class, () -> ReorderParams.strided(s23, s23, null, 0), "srcStrides");
        Pool2dTest.fails(NullPointerException.class, () -> ReorderParams.slice(s23, null, new long[0], null, null), "starts");
        Pool2dTest.fails(NullPointerException.class, () -> ReorderParams.slice(s23, new long[0], null, null, null), "ends");
        Pool2dTest.fails(NullPointerException.class, () -> Reorder.create(null), "params");
        // transpose
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.transpose(new long[0], null), "rank 0");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.transpose(new long[7], null), "rank 7");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.transpose(new long[] {2, 0}, null), "positive");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.transpose(s23, new int[] {0}), "[0]",
                "not a permutation of 0..1");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.transpose(s23, new int[] {1, 1}), "[1, 1]");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.transpose(s23, new int[] {0, 2}), "[0, 2]");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.transpose(s23, new int[] {-1, 0}), "[-1, 0]");
        Pool2dTest.fails(IllegalArgumentException.class,
                () -> ReorderParams.transpose(new long[] {Long.MAX_VALUE / 2, 3}, null), "overflows");
        // slice
        long[] one = {0};
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.slice(s23, one, new long[] {1, 2}, null, null),
                "one value per sliced axis");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.slice(s23, one, one, new long[] {2}, null),
                "axis 2", "[-2, 2)");
        Pool2dTest.fails(IllegalArgumentException.class,
                () -> ReorderParams.slice(s23, new long[] {0, 0}, new long[] {1, 1}, new long[] {1, -1}, null), "axis 1",
                "twice");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.slice(s23, one, new long[] {1}, null,
                new long[] {0}), "step 0");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.slice(s23, new long[] {-1},
                new long[] {MIN}, null, new long[] {-1}), "step -1", "negative");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.slice(s23, new long[] {1}, new long[] {1},
                null, null), "axis 0", "empty");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.slice(s23, new long[] {5}, new long[] {MAX},
                null, null), "empty"); // a start clamped to the end
        // strided
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.strided(s23, new long[0], new long[0], 0),
                "dst rank 0");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.strided(s23, s23, new long[] {1}, 0),
                "1 strides", "rank 2");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.strided(s23, s23, new long[] {3, -1}, 0),
                "not be negative");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.strided(s23, s23, new long[] {3, 1}, -1),
                "srcOffset", "-1");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.strided(s23, new long[] {2, 0},
                new long[] {3, 1}, 0), "positive");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.strided(new long[] {2, 0}, s23,
                new long[] {3, 1}, 0), "src dimensions");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.strided(s23, s23, new long[] {3, 1}, 1),
                "reads src element 6", "holds 6");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.strided(s23, s23, new long[] {4, 1}, 0),
                "reads src element 6");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ReorderParams.strided(s23, s23,
                new long[] {Long.MAX_VALUE, 1}, 0), "reads src element " + Long.MAX_VALUE);
        // run
        Reorder op = Reorder.create(ReorderParams.transpose(s23, null));
        try (Tensor a = Tensor.allocate(DType.F32, 2, 3);
             Tensor b = Tensor.allocate(DType.F32, 3, 2);
             Tensor s8 = Tensor.allocate(DType.S8, 2, 3)) {
            Pool2dTest.fails(NullPointerException.class, () -> op.run(null, b), "src");
            Pool2dTest.fails(NullPointerException.class, () -> op.run(a, null), "dst");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(b, b), "src shape", "[3, 2]");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(s8, b), "src", "F32", "S8");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(a, a), "dst shape");
            try (Tensor square = Tensor.allocate(DType.F32, 2, 2); Reorder t = Reorder.create(
                    ReorderParams.transpose(new long[] {2, 2}, null))) {
                Pool2dTest.fails(IllegalArgumentException.class, () -> t.run(square, square), "overlap");
            }
            Pool2dTest.fails(FrugalException.class, () -> Reorder.create(op.params(), "nosuch"), "nosuch", "onednn",
                    "ref:direct");
            op.close();
            Pool2dTest.fails(IllegalStateException.class, () -> op.run(a, b), "closed reorder");
            Pool2dTest.fails(IllegalStateException.class, op::share, "closed reorder");
            op.close(); // twice is fine
        }
    }
}
