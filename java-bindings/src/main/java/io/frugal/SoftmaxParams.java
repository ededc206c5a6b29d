package io.frugal;

import java.util.Arrays;
import java.util.Objects;

/**
 * A softmax over one axis of a dense fp32 tensor (C: {@code frugal_softmax_desc}), validated on
 * construction: rank 1 to 6, positive dimensions, axis in {@code [-rank, rank)}.
 * {@code coerce2d} false is ONNX opset >= 13 (softmax along {@code axis} alone); true is opset
 * < 13 (the tensor seen as 2-D {@code [prod(shape[:axis]), prod(shape[axis:])]}, softmax over rows).
 */
public record SoftmaxParams(long[] shape, int axis, boolean coerce2d) {
    public static final int MAX_RANK = 6;

    public SoftmaxParams {
        Objects.requireNonNull(shape, "softmax: shape is null");
        shape = shape.clone();
        if (shape.length < 1 || shape.length > MAX_RANK) {
            throw new IllegalArgumentException("softmax: rank " + shape.length + " must be 1 to " + MAX_RANK);
        }
        for (long d : shape) {
            if (d <= 0) throw new IllegalArgumentException("softmax: dimensions must be positive: " + Arrays.toString(shape));
        }
        if (axis < -shape.length || axis >= shape.length) {
            throw new IllegalArgumentException("softmax: axis " + axis + " is outside [" + -shape.length + ", " + shape.length
                    + ") for shape " + Arrays.toString(shape));
        }
        try {
            Math.multiplyExact(Tensor.elementCount(shape), 4L);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("softmax: shape " + Arrays.toString(shape) + " overflows 64 bits");
        }
    }

    /** ONNX opset >= 13 semantics. */
    public static SoftmaxParams of(int axis, long... shape) {
        return new SoftmaxParams(shape, axis, false);
    }

    @Override
    public long[] shape() { return shape.clone(); }

    /** The axis in {@code [0, rank)}. */
    public int normalizedAxis() {
        return axis < 0 ? axis + shape.length : axis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SoftmaxParams p && Arrays.equals(shape, p.shape) && axis == p.axis && coerce2d == p.coerce2d;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(shape), axis, coerce2d);
    }

    @Override
    public String toString() {
        return "softmax " + Arrays.toString(shape) + " axis " + axis + (coerce2d ? " coerce2d" : "");
    }
}
