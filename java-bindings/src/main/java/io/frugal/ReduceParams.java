package io.frugal;

import java.util.Arrays;
import java.util.Objects;

/**
 * A reduction of a dense F32 tensor over a set of axes (ONNX ReduceMean, ReduceSum, ReduceMax,
 * ReduceMin, ReduceProd, ReduceL2, ReduceSumSquare; C: {@code frugal_reduce_desc}), validated on
 * construction: rank 1 to 6, positive dimensions, each axis in {@code [-rank, rank)} and none
 * named twice (as -1 and rank - 1, say). No axes reduces every axis (ONNX's default,
 * {@code noop_with_empty_axes = 0}). The output keeps the input's rank with the reduced axes of
 * extent 1 ({@code keepdims = 1}); {@code keepdims = 0} is the same memory seen without them
 * ({@link #outputShape(boolean)}, {@link Tensor#view}).
 */
public record ReduceParams(Kind kind, long[] shape, int[] axes) {
    /** The reductions; ids in sync with {@code FRUGAL_REDUCE_*}. */
    public enum Kind {
        /** sum / count */
        MEAN,
        SUM,
        MAX,
        MIN,
        /** the product */
        PROD,
        /** sqrt(sum x^2) */
        L2,
        /** sum x^2 */
        SUM_SQUARE
    }

    public static final int MAX_RANK = 6;

    public ReduceParams {
        Objects.requireNonNull(kind, "reduce: kind is null");
        Objects.requireNonNull(axes, "reduce: axes are null");
        shape = Checks.f32Shape("reduce", "shape", shape, 1, MAX_RANK);
        axes = axes.clone();
        int seen = 0;
        for (int axis : axes) {
            if (axis < -shape.length || axis >= shape.length) {
                throw new IllegalArgumentException("reduce: axis " + axis + " is outside [" + -shape.length + ", " + shape.length
                        + ") for shape " + Arrays.toString(shape));
            }
            int a = axis < 0 ? axis + shape.length : axis;
            if ((seen & (1 << a)) != 0) {
                throw new IllegalArgumentException("reduce: axis " + a + " is named twice in " + Arrays.toString(axes));
            }
            seen |= 1 << a;
        }
    }

    /** Reduces shape over axes (negative counts from the end); no axes reduces every axis. */
    public static ReduceParams of(Kind kind, long[] shape, int... axes) {
        return new ReduceParams(kind, shape, axes);
    }

    @Override
    public long[] shape() { return shape.clone(); }

    @Override
    public int[] axes() { return axes.clone(); }

    /** Bit i set when axis i is reduced; every axis when no axes were given. */
    public int axesMask() {
        if (axes.length == 0) return (1 << shape.length) - 1;
        int mask = 0;
        for (int axis : axes) mask |= 1 << (axis < 0 ? axis + shape.length : axis);
        return mask;
    }

    /** The reduced axes in {@code [0, rank)}, ascending. */
    public int[] normalizedAxes() {
        int mask = axesMask();
        return java.util.stream.IntStream.range(0, shape.length).filter(i -> (mask & (1 << i)) != 0).toArray();
    }

    /** The shape the operator writes: the input's with the reduced axes of extent 1. */
    public long[] outputShape() {
        return outputShape(true);
    }

    /** With keepDims false, the reduced axes removed (rank 0 when every axis is reduced). */
    public long[] outputShape(boolean keepDims) {
        int mask = axesMask();
        return java.util.stream.IntStream.range(0, shape.length).filter(i -> keepDims || (mask & (1 << i)) == 0)
                .mapToLong(i -> (mask & (1 << i)) != 0 ? 1 : shape[i]).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReduceParams p && kind == p.kind && Arrays.equals(shape, p.shape) && Arrays.equals(axes, p.axes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(shape), Arrays.hashCode(axes));
    }

    @Override
    public String toString() {
        return "reduce " + kind + " " + Arrays.toString(shape) + " axes " + Arrays.toString(axes);
    }
}
