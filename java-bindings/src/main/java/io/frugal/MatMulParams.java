package io.frugal;

import java.util.Objects;

/**
 * A matrix multiply with constant weights: dst[b] = act(src[b] x W + bias), row-major, src
 * [batch, m, k], dst [batch, m, n], W [k, n] or, when weightsTransposed, [n, k] (ONNX Gemm with
 * transB = 1). C: {@code frugal_matmul_desc}.
 */
public record MatMulParams(long batch, long m, long k, long n, boolean weightsTransposed, Activation activation) {
    public MatMulParams {
        Objects.requireNonNull(activation, "matmul: activation is null");
        if (batch <= 0 || m <= 0 || k <= 0 || n <= 0) {
            throw new IllegalArgumentException("matmul: batch, m, k, n must be positive, got " + batch + ", " + m + ", " + k
                    + ", " + n);
        }
        try {
            Tensor.elementCount(new long[] {batch, m, k, 4});
            Tensor.elementCount(new long[] {batch, m, n, 4});
            Tensor.elementCount(new long[] {k, n, 4});
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("matmul: sizes overflow 64 bits");
        }
    }

    public static MatMulParams of(long m, long k, long n) {
        return new MatMulParams(1, m, k, n, false, Activation.none());
    }

    public MatMulParams withBatch(long b) { return new MatMulParams(b, m, k, n, weightsTransposed, activation); }

    public MatMulParams withWeightsTransposed(boolean t) { return new MatMulParams(batch, m, k, n, t, activation); }

    public MatMulParams withActivation(Activation a) { return new MatMulParams(batch, m, k, n, weightsTransposed, a); }

    public long[] inputShape() { return new long[] {batch, m, k}; }

    public long[] outputShape() { return new long[] {batch, m, n}; }

    public long[] weightShape() { return weightsTransposed ? new long[] {n, k} : new long[] {k, n}; }

    public long macs() { return batch * m * k * n; }
}
