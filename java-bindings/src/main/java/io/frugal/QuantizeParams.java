package io.frugal;

import java.util.Arrays;
import java.util.Objects;

/**
 * An element-wise conversion at an int8 precision boundary over a dense tensor of any shape, one
 * per-tensor scale, zero point 0 (C: {@code frugal_quantize_desc}), validated on construction:
 * <ul>
 *   <li>quantize, {@link DType#F32} to {@link DType#U8} or {@link DType#S8}:
 *       {@code q = saturate(roundHalfEven(x / scale))} into [0, 255] or [-128, 127], where
 *       {@code x / scale} is a float (not double) division; NaN gives 0, infinities saturate.</li>
 *   <li>dequantize, U8 or S8 to F32: {@code x = (float) q * scale}.</li>
 * </ul>
 * The same arithmetic as {@link QConv2dParams}' requantization and source scale. Shape is copied
 * in and out; a dimension of 0 (no elements) is allowed.
 */
public record QuantizeParams(long[] shape, DType srcType, DType dstType, float scale) {
    public QuantizeParams {
        Objects.requireNonNull(shape, "quantize: shape is null");
        Objects.requireNonNull(srcType, "quantize: srcType is null");
        Objects.requireNonNull(dstType, "quantize: dstType is null");
        boolean quantize = srcType == DType.F32 && isInt8(dstType);
        boolean dequantize = isInt8(srcType) && dstType == DType.F32;
        if (!quantize && !dequantize) {
            throw new IllegalArgumentException("quantize: " + srcType + " -> " + dstType
                    + " is neither quantize (F32 -> U8/S8) nor dequantize (U8/S8 -> F32)");
        }
        if (!(Float.isFinite(scale) && scale > 0)) {
            throw new IllegalArgumentException("quantize: scale must be finite and positive, got " + scale);
        }
        shape = shape.clone();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) throw new IllegalArgumentException("quantize: dimension " + i + " must be >= 0, got " + shape[i]);
        }
        try {
            Math.multiplyExact(Tensor.elementCount(shape), 4L);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("quantize: shape " + Arrays.toString(shape) + " overflows 64 bits");
        }
    }

    /** F32 to dstType (U8 or S8): {@code q = saturate(roundHalfEven(x / scale))}. */
    public static QuantizeParams quantize(DType dstType, float scale, long... shape) {
        return new QuantizeParams(shape, DType.F32, dstType, scale);
    }

    /** srcType (U8 or S8) to F32: {@code x = (float) q * scale}. */
    public static QuantizeParams dequantize(DType srcType, float scale, long... shape) {
        return new QuantizeParams(shape, srcType, DType.F32, scale);
    }

    /** True for F32 to U8/S8, false for U8/S8 to F32. */
    public boolean isQuantize() {
        return srcType == DType.F32;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long count() {
        return Tensor.elementCount(shape);
    }

    private static boolean isInt8(DType t) {
        return t == DType.U8 || t == DType.S8;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantizeParams q && Arrays.equals(shape, q.shape) && srcType == q.srcType
                && dstType == q.dstType && Float.floatToIntBits(scale) == Float.floatToIntBits(q.scale);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(shape), srcType, dstType, scale);
    }

    @Override
    public String toString() {
        return (isQuantize() ? "quantize " : "dequantize ") + srcType.name().toLowerCase() + ">"
                + dstType.name().toLowerCase() + " scale " + scale + " " + Arrays.toString(shape);
    }
}
