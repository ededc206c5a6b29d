package io.frugal;

import java.util.Arrays;
import java.util.Objects;

/**
 * A binary element-wise operation {@code dst = act(a op b)} with ONNX multidirectional
 * broadcasting (C: {@code frugal_binary_desc}), validated on construction: shapes align on
 * their last axis and each pair of dimensions is equal or one of them 1; ranks 0 to 6.
 */
public record BinaryParams(Kind kind, long[] shape0, long[] shape1, Activation activation) {
    /** ONNX Add, Mul, Sub, Div; ids in sync with {@code FRUGAL_BINARY_*}. */
    public enum Kind { ADD, MUL, SUB, DIV }

    public static final int MAX_RANK = 6;

    public BinaryParams {
        Objects.requireNonNull(kind, "binary: kind is null");
        Objects.requireNonNull(shape0, "binary: shape0 is null");
        Objects.requireNonNull(shape1, "binary: shape1 is null");
        Objects.requireNonNull(activation, "binary: activation is null");
        shape0 = shape0.clone();
        shape1 = shape1.clone();
        if (shape0.length > MAX_RANK || shape1.length > MAX_RANK) {
            throw new IllegalArgumentException("binary: ranks " + shape0.length + " and " + shape1.length + " must be at most " + MAX_RANK);
        }
        long[] out = broadcast(shape0, shape1);
        try {
            Math.multiplyExact(Tensor.elementCount(out), 4L);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("binary: output shape " + Arrays.toString(out) + " overflows 64 bits");
        }
    }

    public static BinaryParams of(Kind kind, long[] shape0, long[] shape1) {
        return new BinaryParams(kind, shape0, shape1, Activation.none());
    }

    @Override
    public long[] shape0() { return shape0.clone(); }

    @Override
    public long[] shape1() { return shape1.clone(); }

    /** The broadcast shape of dst. */
    public long[] outputShape() {
        return broadcast(shape0, shape1);
    }

    private static long[] broadcast(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            int ia = i - (rank - a.length), ib = i - (rank - b.length);
            long x = ia >= 0 ? a[ia] : 1, y = ib >= 0 ? b[ib] : 1;
            if (x <= 0 || y <= 0) {
                throw new IllegalArgumentException("binary: dimensions must be positive: " + Arrays.toString(a) + ", "
                        + Arrays.toString(b));
            }
            if (x != y && x != 1 && y != 1) {
                throw new IllegalArgumentException("binary: shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast (output axis " + i + ": " + x + " vs " + y + ")");
            }
            out[i] = x == 1 ? y : x;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryParams p && kind == p.kind && Arrays.equals(shape0, p.shape0) && Arrays.equals(shape1, p.shape1)
                && activation.equals(p.activation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(shape0), Arrays.hashCode(shape1), activation);
    }

    @Override
    public String toString() {
        return kind + " " + Arrays.toString(shape0) + " " + Arrays.toString(shape1) + " " + activation.kind();
    }
}
