package io.frugal.graph;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A constant tensor (a weight, a Constant node's value) held on the Java heap. Immutable: the data
 * is a read-only little-endian {@link ByteBuffer}, row-major, {@code numElements * byteSize} bytes.
 */
public final class ConstantTensor {
    private final ElementType elementType;
    private final long[] shape;
    private final long numElements;
    private final ByteBuffer data;

    private ConstantTensor(ElementType elementType, long[] shape, ByteBuffer data) {
        this.elementType = elementType;
        this.shape = shape;
        this.numElements = numElements(shape);
        this.data = data;
    }

    /**
     * A tensor over a copy of {@code bytes} (little-endian, row-major).
     *
     * @throws IllegalArgumentException if the type has no fixed size, a dimension is negative, or the
     *     byte count does not match the shape
     */
    public static ConstantTensor of(ElementType elementType, long[] shape, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        checkShape(elementType, shape, bytes.length);
        ByteBuffer b = ByteBuffer.wrap(bytes.clone());
        return new ConstantTensor(elementType, shape.clone(), b.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }

    /** A FLOAT tensor. @throws IllegalArgumentException if the count does not match the shape */
    public static ConstantTensor ofFloats(long[] shape, float... values) {
        checkShape(ElementType.FLOAT, shape, (long) values.length * 4);
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new ConstantTensor(ElementType.FLOAT, shape.clone(), b.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }

    /** An INT64 tensor. @throws IllegalArgumentException if the count does not match the shape */
    public static ConstantTensor ofLongs(long[] shape, long... values) {
        checkShape(ElementType.INT64, shape, (long) values.length * 8);
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return new ConstantTensor(ElementType.INT64, shape.clone(), b.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }

    /** An INT32 tensor. @throws IllegalArgumentException if the count does not match the shape */
    public static ConstantTensor ofInts(long[] shape, int... values) {
        checkShape(ElementType.INT32, shape, (long) values.length * 4);
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return new ConstantTensor(ElementType.INT32, shape.clone(), b.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }

    /**
     * The element count of a shape.
     *
     * @throws IllegalArgumentException if a dimension is negative or the count overflows a long
     */
    public static long numElements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("element count of " + Arrays.toString(shape) + " overflows", e);
            }
        }
        return n;
    }

    private static void checkShape(ElementType type, long[] shape, long byteCount) {
        Objects.requireNonNull(type, "elementType");
        Objects.requireNonNull(shape, "shape");
        if (!type.isFixedSize()) {
            throw new IllegalArgumentException("constant tensors of " + type + " are not supported");
        }
        long n = numElements(shape);
        if (n > Integer.MAX_VALUE / type.byteSize() || n * type.byteSize() != byteCount) {
            throw new IllegalArgumentException(type + " tensor of shape " + Arrays.toString(shape) + " needs "
                    + n + " x " + type.byteSize() + " bytes, got " + byteCount);
        }
    }

    public ElementType elementType() {
        return elementType;
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long numElements() {
        return numElements;
    }

    /** Size of the data in bytes. */
    public long byteSize() {
        return numElements * elementType.byteSize();
    }

    /** The data: a read-only little-endian view positioned at 0 (each call gives a fresh view). */
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Element {@code i} as a float: FLOAT, DOUBLE, FLOAT16, BFLOAT16 convert; integer and BOOL types
     * convert their value.
     */
    public float floatAt(long i) {
        int off = offset(i);
        switch (elementType) {
            case FLOAT: return data.getFloat(off);
            case DOUBLE: return (float) data.getDouble(off);
            case FLOAT16: return halfToFloat(data.getShort(off));
            case BFLOAT16: return Float.intBitsToFloat((data.getShort(off) & 0xFFFF) << 16);
            default: return (float) integerAt(off);
        }
    }

    /**
     * Element {@code i} as a long: integer and BOOL types exactly (UINT64 above 2^63 wraps), floating
     * types truncated toward zero.
     */
    public long longAt(long i) {
        int off = offset(i);
        switch (elementType) {
            case FLOAT: return (long) data.getFloat(off);
            case DOUBLE: return (long) data.getDouble(off);
            case FLOAT16:
            case BFLOAT16: return (long) floatAt(i);
            default: return integerAt(off);
        }
    }

    /** All elements as floats (see {@link #floatAt}). */
    public float[] toFloatArray() {
        float[] out = new float[(int) numElements];
        for (int i = 0; i < out.length; i++) {
            out[i] = floatAt(i);
        }
        return out;
    }

    /** All elements as longs (see {@link #longAt}). */
    public long[] toLongArray() {
        long[] out = new long[(int) numElements];
        for (int i = 0; i < out.length; i++) {
            out[i] = longAt(i);
        }
        return out;
    }

    /** IEEE binary16 to float, exactly (subnormals, infinities and NaN included). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal or zero
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    private long integerAt(int off) {
        switch (elementType) {
            case INT8: return data.get(off);
            case UINT8: return data.get(off) & 0xFFL;
            case BOOL: return data.get(off) != 0 ? 1 : 0;
            case INT16: return data.getShort(off);
            case UINT16: return data.getShort(off) & 0xFFFFL;
            case INT32: return data.getInt(off);
            case UINT32: return data.getInt(off) & 0xFFFF_FFFFL;
            case INT64:
            case UINT64: return data.getLong(off);
            default: throw new UnsupportedOperationException("no scalar view of " + elementType + " elements");
        }
    }

    private int offset(long i) {
        if (i < 0 || i >= numElements) {
            throw new IndexOutOfBoundsException("element " + i + " of a tensor of " + numElements);
        }
        return (int) (i * elementType.byteSize());
    }

    @Override
    public String toString() {
        return "ConstantTensor(" + elementType + " " + Arrays.toString(shape) + ")";
    }
}
