package io.frugal;

import java.util.Arrays;
import java.util.Objects;

/**
 * A standalone activation over a dense F32 tensor of any rank (C: {@code frugal_eltwise_desc}),
 * validated on construction; {@link Activation#none()} copies. Shape is copied in and out.
 */
public record EltwiseParams(long[] shape, Activation activation) {
    public EltwiseParams {
        Objects.requireNonNull(shape, "eltwise: shape is null");
        Objects.requireNonNull(activation, "eltwise: activation is null");
        shape = shape.clone();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] <= 0) throw new IllegalArgumentException("eltwise: dimension " + i + " must be positive, got " + shape[i]);
        }
        try {
            Math.multiplyExact(Tensor.elementCount(shape), 4L);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("eltwise: shape " + Arrays.toString(shape) + " overflows 64 bits");
        }
    }

    public static EltwiseParams of(Activation activation, long... shape) {
        return new EltwiseParams(shape, activation);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long count() {
        return Tensor.elementCount(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EltwiseParams e && Arrays.equals(shape, e.shape) && activation.equals(e.activation);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + activation.hashCode();
    }

    @Override
    public String toString() {
        return "eltwise " + activation.kind() + "(" + activation.alpha() + ", " + activation.beta() + ") " + Arrays.toString(shape);
    }
}
