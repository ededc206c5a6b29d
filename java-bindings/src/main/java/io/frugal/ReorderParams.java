package io.frugal;

import java.util.Arrays;
import java.util.Objects;

/**
 * A strided copy of a dense fp32 tensor (C: {@code frugal_reorder_desc}): dst, dense with
 * {@code dstShape}, gets {@code dst[i] = src[srcOffset + sum_k i_k * srcStrides[k]]} from a dense
 * src of {@code srcShape}. The one kernel behind ONNX Transpose ({@link #transpose}) and Slice
 * ({@link #slice}); {@link #strided} takes any view. Validated on construction: dst rank 1 to 6
 * with positive dimensions, strides and offset (in elements) not negative, and every read inside
 * src.
 */
public record ReorderParams(long[] srcShape, long[] dstShape, long[] srcStrides, long srcOffset) {
    public static final int MAX_RANK = 6;

    public ReorderParams {
        Objects.requireNonNull(srcShape, "reorder: srcShape is null");
        Objects.requireNonNull(dstShape, "reorder: dstShape is null");
        Objects.requireNonNull(srcStrides, "reorder: srcStrides is null");
        srcShape = srcShape.clone();
        dstShape = dstShape.clone();
        srcStrides = srcStrides.clone();
        int rank = dstShape.length;
        if (rank < 1 || rank > MAX_RANK) {
            throw new IllegalArgumentException("reorder: dst rank " + rank + " must be 1 to " + MAX_RANK);
        }
        if (srcStrides.length != rank) {
            throw new IllegalArgumentException("reorder: " + srcStrides.length + " strides for dst rank " + rank);
        }
        for (int i = 0; i < rank; i++) {
            if (dstShape[i] <= 0) {
                throw new IllegalArgumentException("reorder: dst dimensions must be positive: " + Arrays.toString(dstShape));
            }
            if (srcStrides[i] < 0) {
                throw new IllegalArgumentException("reorder: strides must not be negative: " + Arrays.toString(srcStrides));
            }
        }
        Checks.notNegative("reorder", "srcOffset", srcOffset);
        for (long d : srcShape) {
            if (d <= 0) throw new IllegalArgumentException("reorder: src dimensions must be positive: " + Arrays.toString(srcShape));
        }
        long elements;
        try {
            elements = Tensor.elementCount(srcShape);
            Math.multiplyExact(elements, 4L);
            Math.multiplyExact(Tensor.elementCount(dstShape), 4L);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("reorder: shapes " + Arrays.toString(srcShape) + " -> " + Arrays.toString(dstShape)
                    + " overflow 64 bits");
        }
        long last = lastRead(dstShape, srcStrides, srcOffset);
        if (last >= elements) {
            throw new IllegalArgumentException("reorder: the view (dims " + Arrays.toString(dstShape) + ", strides "
                    + Arrays.toString(srcStrides) + ", offset " + srcOffset + ") reads src element " + last + ", but src "
                    + Arrays.toString(srcShape) + " holds " + elements);
        }
    }

    /** The highest src index the view reads, or Long.MAX_VALUE when it overflows (then always out of bounds). */
    private static long lastRead(long[] dims, long[] strides, long offset) {
        try {
            long last = offset;
            for (int i = 0; i < dims.length; i++) last = Math.addExact(last, Math.multiplyExact(dims[i] - 1, strides[i]));
            return last;
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Any strided view of a dense src of srcShape: dst dims, src strides and offset in elements. */
    public static ReorderParams strided(long[] srcShape, long[] dstDims, long[] srcStrides, long srcOffset) {
        return new ReorderParams(srcShape, dstDims, srcStrides, srcOffset);
    }

    /**
     * ONNX Transpose: {@code out.shape[i] = in.shape[perm[i]]}; perm null reverses the axes (the
     * ONNX default).
     */
    public static ReorderParams transpose(long[] inShape, int[] perm) {
        long[] in = checkedInput("transpose", inShape);
        int rank = in.length;
        int[] p = perm == null ? new int[rank] : perm.clone();
        if (perm == null) {
            for (int i = 0; i < rank; i++) p[i] = rank - 1 - i;
        } else {
            boolean[] seen = new boolean[rank];
            boolean ok = p.length == rank;
            for (int i = 0; ok && i < rank; i++) {
                ok = p[i] >= 0 && p[i] < rank && !seen[p[i]];
                if (ok) seen[p[i]] = true;
            }
            if (!ok) {
                throw new IllegalArgumentException("transpose: perm " + Arrays.toString(perm) + " is not a permutation of 0.."
                        + (rank - 1) + " for shape " + Arrays.toString(in));
            }
        }
        long[] strides = denseStrides(in);
        long[] dims = new long[rank];
        long[] viewStrides = new long[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = in[p[i]];
            viewStrides[i] = strides[p[i]];
        }
        return new ReorderParams(in, dims, viewStrides, 0);
    }

    /**
     * ONNX Slice (opsets 1 to 17): for each listed axis, elements {@code start, start + step, ...}
     * before {@code end}. Negative starts and ends count from the end of the axis; both are then
     * clamped to {@code [0, dim]}. axes null means {@code 0 .. starts.length - 1} (negative axes
     * count from the last); steps null means all 1. Negative steps (a reversed copy) are refused:
     * the kernel reads with non-negative strides only. So are slices with an empty axis.
     */
    public static ReorderParams slice(long[] inShape, long[] starts, long[] ends, long[] axes, long[] steps) {
        long[] in = checkedInput("slice", inShape);
        Objects.requireNonNull(starts, "slice: starts are null");
        Objects.requireNonNull(ends, "slice: ends are null");
        int rank = in.length, n = starts.length;
        if (ends.length != n || (axes != null && axes.length != n) || (steps != null && steps.length != n)) {
            throw new IllegalArgumentException("slice: starts, ends, axes and steps must have one value per sliced axis; got "
                    + n + ", " + ends.length + ", " + (axes == null ? "default" : axes.length) + ", "
                    + (steps == null ? "default" : steps.length));
        }
        long[] strides = denseStrides(in);
        long[] dims = in.clone();
        long[] viewStrides = strides.clone();
        long offset = 0;
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < n; i++) {
            long axis = axes == null ? i : axes[i];
            if (axis < -rank || axis >= rank) {
                throw new IllegalArgumentException("slice: axis " + axis + " is outside [" + -rank + ", " + rank
                        + ") for shape " + Arrays.toString(in));
            }
            int a = (int) (axis < 0 ? axis + rank : axis);
            if (seen[a]) throw new IllegalArgumentException("slice: axis " + a + " is listed twice in axes " + Arrays.toString(axes));
            seen[a] = true;
            long step = steps == null ? 1 : steps[i];
            if (step == 0) throw new IllegalArgumentException("slice: step 0 on axis " + a);
            if (step < 0) {
                throw new IllegalArgumentException("slice: step " + step + " on axis " + a
                        + " is negative; reversed slices are not supported (the reorder reads with non-negative strides)");
            }
            long dim = in[a];
            long start = clamp(starts[i] < 0 ? starts[i] + dim : starts[i], dim);
            long end = clamp(ends[i] < 0 ? ends[i] + dim : ends[i], dim);
            if (end <= start) {
                throw new IllegalArgumentException("slice: axis " + a + " would be empty (start " + starts[i] + ", end "
                        + ends[i] + " on a dimension of " + dim + "); empty outputs are not supported");
            }
            dims[a] = (end - start - 1) / step + 1;
            offset += start * strides[a]; // < the element count: no overflow
            // A single element never applies its step, and step * stride may overflow.
            viewStrides[a] = dims[a] == 1 ? strides[a] : Math.multiplyExact(step, strides[a]);
        }
        return new ReorderParams(in, dims, viewStrides, offset);
    }

    private static long clamp(long v, long dim) {
        return Math.max(0, Math.min(v, dim));
    }

    /** A copy of a src shape for transpose and slice: rank 1 to 6, positive dimensions. */
    private static long[] checkedInput(String op, long[] shape) {
        Objects.requireNonNull(shape, op + ": input shape is null");
        if (shape.length < 1 || shape.length > MAX_RANK) {
            throw new IllegalArgumentException(op + ": rank " + shape.length + " must be 1 to " + MAX_RANK);
        }
        for (long d : shape) {
            if (d <= 0) throw new IllegalArgumentException(op + ": dimensions must be positive: " + Arrays.toString(shape));
        }
        try {
            Math.multiplyExact(Tensor.elementCount(shape), 4L);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(op + ": shape " + Arrays.toString(shape) + " overflows 64 bits");
        }
        return shape.clone();
    }

    /** Row-major strides, in elements, of a dense tensor. */
    static long[] denseStrides(long[] shape) {
        long[] s = new long[shape.length];
        long step = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = step;
            step *= shape[i];
        }
        return s;
    }

    @Override
    public long[] srcShape() { return srcShape.clone(); }

    @Override
    public long[] dstShape() { return dstShape.clone(); }

    @Override
    public long[] srcStrides() { return srcStrides.clone(); }

    public int rank() { return dstShape.length; }

    /** The number of floats in src. */
    public long srcElements() { return Tensor.elementCount(srcShape); }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReorderParams p && Arrays.equals(srcShape, p.srcShape) && Arrays.equals(dstShape, p.dstShape)
                && Arrays.equals(srcStrides, p.srcStrides) && srcOffset == p.srcOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(srcShape), Arrays.hashCode(dstShape), Arrays.hashCode(srcStrides), srcOffset);
    }

    @Override
    public String toString() {
        return "reorder " + Arrays.toString(srcShape) + " -> " + Arrays.toString(dstShape) + " strides "
                + Arrays.toString(srcStrides) + " offset " + srcOffset;
    }
}
