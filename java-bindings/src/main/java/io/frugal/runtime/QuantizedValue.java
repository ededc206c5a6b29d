package io.frugal.runtime;

import io.frugal.DType;

/**
 * The 8-bit form of a value an INT8 step writes or reads: value is the graph value it stands for,
 * dtype {@link DType#U8} or {@link DType#S8}, and real = scale * q (symmetric, zero point 0).
 */
public record QuantizedValue(String value, DType dtype, float scale) {
    /** The real number one stored element stands for. */
    public float dequantize(int q) {
        return q * scale;
    }
}
