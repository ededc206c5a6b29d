package io.frugal.graph;

/**
 * Element types of graph values and constant tensors. The codes are ONNX's
 * {@code TensorProto.DataType} numbers, so importers map them one to one.
 */
public enum ElementType {
    FLOAT(1, 4),
    UINT8(2, 1),
    INT8(3, 1),
    UINT16(4, 2),
    INT16(5, 2),
    INT32(6, 4),
    INT64(7, 8),
    STRING(8, 0),
    BOOL(9, 1),
    FLOAT16(10, 2),
    DOUBLE(11, 8),
    UINT32(12, 4),
    UINT64(13, 8),
    COMPLEX64(14, 8),
    COMPLEX128(15, 16),
    BFLOAT16(16, 2);

    private final int onnxCode;
    private final int byteSize;

    ElementType(int onnxCode, int byteSize) {
        this.onnxCode = onnxCode;
        this.byteSize = byteSize;
    }

    /** The ONNX {@code TensorProto.DataType} number. */
    public int onnxCode() {
        return onnxCode;
    }

    /** Bytes per element; 0 for {@link #STRING}, which has no fixed size. */
    public int byteSize() {
        return byteSize;
    }

    /** True for types whose elements have a fixed size and can live in a {@link ConstantTensor}. */
    public boolean isFixedSize() {
        return byteSize > 0;
    }

    /** True for FLOAT, DOUBLE, FLOAT16 and BFLOAT16. */
    public boolean isFloatingPoint() {
        return this == FLOAT || this == DOUBLE || this == FLOAT16 || this == BFLOAT16;
    }

    /**
     * The type with this ONNX code.
     *
     * @throws IllegalArgumentException if the code names no type (0 is ONNX's UNDEFINED)
     */
    public static ElementType fromOnnx(int code) {
        for (ElementType t : values()) {
            if (t.onnxCode == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown ONNX element type code " + code);
    }
}
