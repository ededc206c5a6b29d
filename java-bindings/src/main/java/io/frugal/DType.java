package io.frugal;

/** Element types of tensors (C: {@code frugal_dtype}). */
public enum DType {
    F32(0, 4),
    BF16(1, 2),
    S8(2, 1),
    U8(3, 1),
    S32(4, 4),
    /** Bit-packed signs: bit 1 means -1; the last axis is packed 64 per little-endian uint64 word. */
    BIT(5, 0);

    private final int code;
    private final int bytes;

    DType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    int code() {
        return code;
    }

    /** Bytes a dense tensor of this type and shape takes ({@link #BIT}: whole 64-bit words per row of the last axis). */
    public long bytesFor(long... shape) {
        return Tensor.byteSize(this, Tensor.checkShape(this, shape));
    }

    /** Bytes per element; 0 for {@link #BIT}, whose size is per packed row. */
    public int bytesPerElement() {
        return bytes;
    }
}
