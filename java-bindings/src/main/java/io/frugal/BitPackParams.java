package io.frugal;

import java.util.Arrays;
import java.util.Objects;

/**
 * Sign packing along the last axis between {@link DType#F32} and {@link DType#BIT} for one tensor
 * shape (C: {@code frugal_bitpack_desc}), validated on construction. The shape is the logical
 * shape of both sides (a BIT tensor of shape [..., n] stores ceil(n / 64) words per row):
 * <ul>
 *   <li>{@link #pack(long...)}, F32 to BIT: bit = {@code x < 0f} (bit 1 means -1), so
 *       sign(x) = +1 for x &gt;= 0: {@code +0f}, {@code -0f} and every NaN give 0, -Infinity and
 *       negative denormals give 1; bits past the last axis are 0.</li>
 *   <li>{@link #unpack(long...)}, BIT to F32: bit 1 gives -1f, bit 0 gives +1f.</li>
 * </ul>
 * Rank must be at least 1 (the packed axis); a dimension of 0 (no elements) is allowed.
 */
public record BitPackParams(long[] shape, Direction direction) {
    /** Which way the values go. */
    public enum Direction {
        /** F32 to BIT. */
        PACK(0),
        /** BIT to F32 (+-1). */
        UNPACK(1);

        private final int code;

        Direction(int code) {
            this.code = code;
        }

        /** The C value ({@code FRUGAL_BITPACK_PACK} / {@code FRUGAL_BITPACK_UNPACK}). */
        public int code() {
            return code;
        }
    }

    public BitPackParams {
        Objects.requireNonNull(shape, "bitpack: shape is null");
        Objects.requireNonNull(direction, "bitpack: direction is null");
        shape = shape.clone();
        if (shape.length == 0) {
            throw new IllegalArgumentException("bitpack: shape must have rank >= 1 (values are packed along the last axis)");
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) throw new IllegalArgumentException("bitpack: dimension " + i + " must be >= 0, got " + shape[i]);
        }
        try {
            Math.multiplyExact(Tensor.elementCount(shape), 4L);
            Tensor.byteSize(DType.BIT, shape);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("bitpack: shape " + Arrays.toString(shape) + " overflows 64 bits");
        }
    }

    /** F32 of shape to BIT of shape: bit = {@code x < 0f}. */
    public static BitPackParams pack(long... shape) {
        return new BitPackParams(shape, Direction.PACK);
    }

    /** BIT of shape to F32 of shape: bit 1 gives -1f, bit 0 gives +1f. */
    public static BitPackParams unpack(long... shape) {
        return new BitPackParams(shape, Direction.UNPACK);
    }

    public boolean isPack() {
        return direction == Direction.PACK;
    }

    public DType srcType() {
        return isPack() ? DType.F32 : DType.BIT;
    }

    public DType dstType() {
        return isPack() ? DType.BIT : DType.F32;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The product of all axes but the last (1 for rank 1). */
    public long rows() {
        long r = 1;
        for (int i = 0; i < shape.length - 1; i++) r *= shape[i];
        return r;
    }

    /** The length of the last (packed) axis. */
    public long cols() {
        return shape[shape.length - 1];
    }

    /** 64-bit words per packed row: ceil(cols / 64). */
    public long wordsPerRow() {
        return (cols() + 63) / 64;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BitPackParams b && Arrays.equals(shape, b.shape) && direction == b.direction;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(shape), direction);
    }

    @Override
    public String toString() {
        return (isPack() ? "bitpack f32>bit " : "bitunpack bit>f32 ") + Arrays.toString(shape);
    }
}
