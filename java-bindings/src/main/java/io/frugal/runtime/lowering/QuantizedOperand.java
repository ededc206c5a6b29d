package io.frugal.runtime.lowering;

import io.frugal.DType;

/**
 * How an int8 operator reads or writes a value: the stored value's name and element type, with
 * real = scale * q for {@link DType#U8} and {@link DType#S8}. An {@link DType#F32} operand (scale
 * unused) is a value the compiler wants in full precision, e.g. a graph output.
 */
public record QuantizedOperand(String name, DType dtype, float scale) {
    public boolean isQuantized() {
        return dtype != DType.F32;
    }
}
