package io.frugal;

import java.util.Arrays;
import java.util.Objects;

/**
 * ONNX Concat of 1 to 64 dense fp32 tensors along one axis (C: {@code frugal_concat_desc}),
 * validated on construction: ranks 1 to 6 and all equal, positive dimensions, axis in
 * {@code [-rank, rank)}, every dimension but the axis equal across inputs.
 */
public record ConcatParams(int axis, long[][] shapes) {
    public static final int MAX_RANK = 6;
    public static final int MAX_INPUTS = 64;

    public ConcatParams {
        Objects.requireNonNull(shapes, "concat: shapes are null");
        if (shapes.length < 1 || shapes.length > MAX_INPUTS) {
            throw new IllegalArgumentException("concat: " + shapes.length + " inputs; 1 to " + MAX_INPUTS + " are allowed");
        }
        long[][] copy = new long[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            Objects.requireNonNull(shapes[i], "concat: shape of input " + i + " is null");
            copy[i] = shapes[i].clone();
        }
        shapes = copy;
        int rank = shapes[0].length;
        if (rank < 1 || rank > MAX_RANK) throw new IllegalArgumentException("concat: rank " + rank + " must be 1 to " + MAX_RANK);
        if (axis < -rank || axis >= rank) {
            throw new IllegalArgumentException("concat: axis " + axis + " is outside [" + -rank + ", " + rank + ")");
        }
        int a = axis < 0 ? axis + rank : axis;
        long total = 0;
        for (int i = 0; i < shapes.length; i++) {
            long[] s = shapes[i];
            if (s.length != rank) {
                throw new IllegalArgumentException("concat: input " + i + " has rank " + s.length + ", input 0 has rank " + rank);
            }
            for (int j = 0; j < rank; j++) {
                if (s[j] <= 0) {
                    throw new IllegalArgumentException("concat: dimensions must be positive: input " + i + " " + Arrays.toString(s));
                }
                if (j != a && s[j] != shapes[0][j]) {
                    throw new IllegalArgumentException("concat: input " + i + " " + Arrays.toString(s) + " differs from input 0 "
                            + Arrays.toString(shapes[0]) + " on axis " + j + " (concatenating on axis " + a + ")");
                }
            }
            try {
                total = Math.addExact(total, s[a]);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("concat: output shape overflows 64 bits");
            }
        }
        long[] out = shapes[0].clone();
        out[a] = total;
        try {
            Math.multiplyExact(Tensor.elementCount(out), 4L);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("concat: output shape " + Arrays.toString(out) + " overflows 64 bits");
        }
    }

    public static ConcatParams of(int axis, long[]... shapes) {
        return new ConcatParams(axis, shapes);
    }

    @Override
    public long[][] shapes() {
        long[][] copy = new long[shapes.length][];
        for (int i = 0; i < shapes.length; i++) copy[i] = shapes[i].clone();
        return copy;
    }

    public int count() { return shapes.length; }

    public int rank() { return shapes[0].length; }

    /** The axis in {@code [0, rank)}. */
    public int normalizedAxis() { return axis < 0 ? axis + rank() : axis; }

    /** Input i's shape. */
    public long[] shape(int i) { return shapes[i].clone(); }

    /** The shape of dst: the inputs' shape with their axis extents summed. */
    public long[] outputShape() {
        long[] out = shapes[0].clone();
        int a = normalizedAxis();
        out[a] = 0;
        for (long[] s : shapes) out[a] += s[a];
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConcatParams p && axis == p.axis && Arrays.deepEquals(shapes, p.shapes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(axis, Arrays.deepHashCode(shapes));
    }

    @Override
    public String toString() {
        return "concat axis " + axis + " " + Arrays.deepToString(shapes);
    }
}
