package io.frugal;

import java.util.Arrays;
import java.util.Objects;

/**
 * A matrix product of two run-time F32 tensors with numpy semantics (ONNX MatMul; C: {@code
 * frugal_batch_matmul_desc}), validated on construction: ranks 1 to 6, positive dimensions, a's
 * last dimension equal to b's second-to-last (its only one when b is rank 1), and the batch
 * dimensions (all but the last two) broadcasting by ONNX rules. A rank-1 a is promoted to
 * {@code [1, K]} and a rank-1 b to {@code [K, 1]}; the added dimension is not in the output.
 * For constant weights packed once, use {@link MatMul}.
 */
public record BatchMatMulParams(long[] shapeA, long[] shapeB) {
    public static final int MAX_RANK = 6;

    public BatchMatMulParams {
        shapeA = Checks.f32Shape("batch_matmul", "a shape", shapeA, 1, MAX_RANK);
        shapeB = Checks.f32Shape("batch_matmul", "b shape", shapeB, 1, MAX_RANK);
        Checks.fitsF32("batch_matmul", "output shape", outputShape(shapeA, shapeB));
    }

    public static BatchMatMulParams of(long[] shapeA, long[] shapeB) {
        return new BatchMatMulParams(shapeA, shapeB);
    }

    @Override
    public long[] shapeA() { return shapeA.clone(); }

    @Override
    public long[] shapeB() { return shapeB.clone(); }

    /** dst's shape as numpy states it: rank 0 when both operands are rank 1. */
    public long[] outputShape() {
        return outputShape(shapeA, shapeB);
    }

    /** M, K, N of each matrix product (M 1 for a rank-1 a, N 1 for a rank-1 b). */
    public long m() { return shapeA.length == 1 ? 1 : shapeA[shapeA.length - 2]; }

    public long k() { return shapeA[shapeA.length - 1]; }

    public long n() { return shapeB.length == 1 ? 1 : shapeB[shapeB.length - 1]; }

    private static long[] outputShape(long[] a, long[] b) {
        long k = a[a.length - 1], kb = b.length == 1 ? b[0] : b[b.length - 2];
        if (k != kb) {
            throw new IllegalArgumentException("batch_matmul: a " + Arrays.toString(a) + " and b " + Arrays.toString(b)
                    + " do not multiply: a's last dimension " + k + " vs b's " + (b.length == 1 ? "only" : "second-to-last")
                    + " dimension " + kb);
        }
        // Batch dimensions: all but the last two, aligned on the right.
        int ba = Math.max(a.length - 2, 0), bb = Math.max(b.length - 2, 0), batch = Math.max(ba, bb);
        long[] out = new long[batch + (a.length > 1 ? 1 : 0) + (b.length > 1 ? 1 : 0)];
        for (int i = 0; i < batch; i++) {
            int ia = i - (batch - ba), ib = i - (batch - bb);
            long x = ia >= 0 ? a[ia] : 1, y = ib >= 0 ? b[ib] : 1;
            if (x != y && x != 1 && y != 1) {
                throw new IllegalArgumentException("batch_matmul: batch dimensions of a " + Arrays.toString(a) + " and b "
                        + Arrays.toString(b) + " do not broadcast (output axis " + i + ": " + x + " vs " + y + ")");
            }
            out[i] = x == 1 ? y : x;
        }
        int at = batch;
        if (a.length > 1) out[at++] = a[a.length - 2];
        if (b.length > 1) out[at] = b[b.length - 1];
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchMatMulParams p && Arrays.equals(shapeA, p.shapeA) && Arrays.equals(shapeB, p.shapeB);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(shapeA), Arrays.hashCode(shapeB));
    }

    @Override
    public String toString() {
        return "batch_matmul " + Arrays.toString(shapeA) + " x " + Arrays.toString(shapeB);
    }
}
