package io.frugal;

import java.util.Objects;

/**
 * An int8 matrix multiply with constant weights (C: {@code frugal_qmatmul_desc}): the shape and
 * activation of a {@link MatMulParams} (src [batch, m, k], weights fp32 [k, n] or [n, k], dst
 * [batch, m, n]), the source type and per-tensor scale, and the destination type: F32, or U8/S8
 * requantized with dstScale (ignored for F32). Weights are quantized at create per column n,
 * symmetric ({@link QMatMul#weightScales()}).
 */
public record QMatMulParams(MatMulParams geometry, DType srcType, float srcScale, DType dstType, float dstScale) {
    public QMatMulParams {
        Objects.requireNonNull(geometry, "qmatmul: geometry is null");
        QuantTypes.check("qmatmul", srcType, srcScale, dstType, dstScale);
        if (geometry.k() > QuantTypes.MAX_REDUCTION) {
            throw new IllegalArgumentException("qmatmul: k = " + geometry.k() + " exceeds " + QuantTypes.MAX_REDUCTION
                    + ", where the s32 accumulator could overflow");
        }
    }

    public static QMatMulParams of(MatMulParams geometry, DType srcType, float srcScale, DType dstType, float dstScale) {
        return new QMatMulParams(geometry, srcType, srcScale, dstType, dstScale);
    }

    /** An F32 destination: the dequantized result. */
    public static QMatMulParams of(MatMulParams geometry, DType srcType, float srcScale) {
        return new QMatMulParams(geometry, srcType, srcScale, DType.F32, 1f);
    }

    public long[] inputShape() { return geometry.inputShape(); }
    public long[] outputShape() { return geometry.outputShape(); }
    public long[] weightShape() { return geometry.weightShape(); }

    public String descriptor() {
        return "mb" + geometry.batch() + "m" + geometry.m() + "k" + geometry.k() + "n" + geometry.n()
                + (geometry.weightsTransposed() ? "_wt" : "") + "_" + geometry.activation().kind().name().toLowerCase()
                + " " + srcType.name().toLowerCase() + ">" + dstType.name().toLowerCase();
    }
}
