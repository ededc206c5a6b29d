package io.frugal;

import io.frugal.jni.FrugalNative;
import io.frugal.jni.NativeMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A dense tensor in native memory (64-byte aligned), the currency of every operator.
 *
 * <p>Creating one from a Java array copies once; reading back copies once; {@link #view} and
 * {@link #slice} share memory without copying. The memory is freed when the tensor and all its
 * views are closed. A tensor is not thread-safe for writes; concurrent reads are fine.
 *
 * <p>{@link DType#BIT} tensors pack their last axis 64 values per little-endian {@code uint64}
 * word (bit 1 means -1); bits past the axis length in the last word of a row must be zero.
 */
public final class Tensor implements AutoCloseable {
    private final Storage storage;
    private final long byteOffset;
    private final long[] shape;
    private final DType dtype;
    private final long elements;
    private final long byteSize;
    private final NativeMemory memory;
    private volatile boolean closed;

    private Tensor(Storage storage, long byteOffset, DType dtype, long[] shape) {
        this.storage = storage;
        this.byteOffset = byteOffset;
        this.dtype = dtype;
        this.shape = shape;
        this.elements = elementCount(shape);
        this.byteSize = byteSize(dtype, shape);
        this.memory = new NativeMemory(storage.address + byteOffset, byteSize);
    }

    // ------------------------------------------------------------------ creation

    /** A zero-filled tensor. */
    public static Tensor allocate(DType dtype, long... shape) {
        Objects.requireNonNull(dtype, "dtype is null");
        long[] s = checkShape(dtype, shape);
        return new Tensor(new Storage(byteSize(dtype, s)), 0, dtype, s);
    }

    /** An {@link DType#F32} tensor holding a copy of data. */
    public static Tensor fromArray(float[] data, long... shape) {
        Objects.requireNonNull(data, "data is null");
        Tensor t = allocateFor(DType.F32, data.length, shape);
        t.buffer().asFloatBuffer().put(data);
        return t;
    }

    /** An {@link DType#S8} or {@link DType#U8} tensor holding a copy of data (raw bytes). */
    public static Tensor fromArray(byte[] data, DType dtype, long... shape) {
        Objects.requireNonNull(data, "data is null");
        if (dtype != DType.S8 && dtype != DType.U8) {
            throw new IllegalArgumentException("byte[] data makes S8 or U8 tensors, not " + dtype);
        }
        Tensor t = allocateFor(dtype, data.length, shape);
        t.buffer().put(data);
        return t;
    }

    /** An {@link DType#S32} tensor holding a copy of data. */
    public static Tensor fromArray(int[] data, long... shape) {
        Objects.requireNonNull(data, "data is null");
        Tensor t = allocateFor(DType.S32, data.length, shape);
        t.buffer().asIntBuffer().put(data);
        return t;
    }

    /** A {@link DType#BF16} tensor from raw bf16 bit patterns (the top 16 bits of a float). */
    public static Tensor fromBf16Bits(short[] bits, long... shape) {
        Objects.requireNonNull(bits, "bits is null");
        Tensor t = allocateFor(DType.BF16, bits.length, shape);
        t.buffer().asShortBuffer().put(bits);
        return t;
    }

    /**
     * A {@link DType#BIT} tensor from packed words: each row of the last axis takes
     * ceil(n / 64) words; the unused high bits of each row's last word must be zero.
     */
    public static Tensor fromPackedBits(long[] words, long... shape) {
        Objects.requireNonNull(words, "words is null");
        long[] s = checkShape(DType.BIT, shape);
        long expected = byteSize(DType.BIT, s) / 8;
        if (words.length != expected) {
            throw new IllegalArgumentException("BIT tensor of shape " + Arrays.toString(s) + " packs into " + expected
                    + " words of 64 bits, got " + words.length);
        }
        long n = s[s.length - 1];
        long wordsPerRow = (n + 63) / 64;
        int tail = (int) (n % 64);
        if (tail != 0) {
            long mask = -1L << tail;
            for (long w = wordsPerRow - 1; w < words.length; w += wordsPerRow) {
                if ((words[(int) w] & mask) != 0) {
                    throw new IllegalArgumentException("BIT tensor row " + (w / wordsPerRow) + " has bits set past its "
                            + n + " values (tail bits of the last word must be zero)");
                }
            }
        }
        Tensor t = new Tensor(new Storage(expected * 8), 0, DType.BIT, s);
        t.buffer().asLongBuffer().put(words);
        return t;
    }

    private static Tensor allocateFor(DType dtype, int length, long[] shape) {
        long[] s = checkShape(dtype, shape);
        long count = elementCount(s);
        if (count != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(s) + " holds " + count + " elements but data has "
                    + length);
        }
        return new Tensor(new Storage(byteSize(dtype, s)), 0, dtype, s);
    }

    // ------------------------------------------------------------------ reading back

    /** A copy of an {@link DType#F32} tensor's data. */
    public float[] toFloatArray() {
        requireDType(DType.F32, "toFloatArray");
        float[] out = new float[toIntLength()];
        buffer().asFloatBuffer().get(out);
        return out;
    }

    /** A copy of an {@link DType#S8} or {@link DType#U8} tensor's raw bytes. */
    public byte[] toByteArray() {
        if (dtype != DType.S8 && dtype != DType.U8) {
            throw new IllegalArgumentException("toByteArray needs an S8 or U8 tensor, this one is " + dtype);
        }
        byte[] out = new byte[toIntLength()];
        buffer().get(out);
        return out;
    }

    /** A copy of an {@link DType#S32} tensor's data. */
    public int[] toIntArray() {
        requireDType(DType.S32, "toIntArray");
        int[] out = new int[toIntLength()];
        buffer().asIntBuffer().get(out);
        return out;
    }

    /** A copy of a {@link DType#BF16} tensor's raw bit patterns. */
    public short[] toBf16Bits() {
        requireDType(DType.BF16, "toBf16Bits");
        short[] out = new short[toIntLength()];
        buffer().asShortBuffer().get(out);
        return out;
    }

    /** A copy of a {@link DType#BIT} tensor's packed words. */
    public long[] toPackedBits() {
        requireDType(DType.BIT, "toPackedBits");
        long[] out = new long[Math.toIntExact(byteSize / 8)];
        buffer().asLongBuffer().get(out);
        return out;
    }

    /** Overwrites an {@link DType#F32} tensor with data (one copy). */
    public void copyFrom(float[] data) {
        Objects.requireNonNull(data, "data is null");
        requireDType(DType.F32, "copyFrom(float[])");
        if (data.length != elements) {
            throw new IllegalArgumentException("tensor holds " + elements + " elements, data has " + data.length);
        }
        buffer().asFloatBuffer().put(data);
    }

    /**
     * The tensor's memory as a direct little-endian buffer, without copying. Valid only while the
     * tensor is open: using it after {@link #close} is undefined.
     */
    public ByteBuffer buffer() {
        checkOpen();
        // JavaCPP's asByteBuffer() reads a limit of 0 as one element: an empty view gets no bytes.
        if (byteSize == 0) return ByteBuffer.allocateDirect(0).order(ByteOrder.LITTLE_ENDIAN);
        return memory.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    // ------------------------------------------------------------------ views and conversion

    /** The same memory under another shape with the same element count (a reshape). */
    public Tensor view(long... newShape) {
        checkOpen();
        long[] s = checkShape(dtype, newShape);
        if (elementCount(s) != elements) {
            throw new IllegalArgumentException("cannot view " + Arrays.toString(shape) + " (" + elements + " elements) as "
                    + Arrays.toString(s) + " (" + elementCount(s) + " elements)");
        }
        if (dtype == DType.BIT && s[s.length - 1] != shape[shape.length - 1]) {
            throw new IllegalArgumentException("a BIT view must keep the packed last axis (" + shape[shape.length - 1]
                    + "), got " + Arrays.toString(s));
        }
        storage.retain();
        return new Tensor(storage, byteOffset, dtype, s);
    }

    /** Rows [start, end) of the first axis, sharing memory. */
    public Tensor slice(long start, long end) {
        checkOpen();
        if (shape.length == 0) throw new IllegalArgumentException("cannot slice a scalar tensor");
        if (dtype == DType.BIT && shape.length == 1) {
            throw new IllegalArgumentException("cannot slice a rank-1 BIT tensor along its packed axis");
        }
        if (start < 0 || end > shape[0] || start > end) {
            throw new IllegalArgumentException("slice [" + start + ", " + end + ") is outside the first axis of length "
                    + shape[0]);
        }
        long rowBytes = shape[0] == 0 ? 0 : byteSize / shape[0];
        long[] s = shape.clone();
        s[0] = end - start;
        storage.retain();
        return new Tensor(storage, byteOffset + start * rowBytes, dtype, s);
    }

    /**
     * This tensor's bytes from byteOffset on, seen as a tensor of another dtype and shape (sharing
     * memory): how an f32 arena holds 8-bit activations. The view must fit inside this tensor.
     */
    public Tensor reinterpret(long byteOffset, DType dtype, long... shape) {
        checkOpen();
        Objects.requireNonNull(dtype, "dtype is null");
        long[] s = checkShape(dtype, shape);
        long bytes = byteSize(dtype, s);
        if (byteOffset < 0 || byteOffset + bytes > byteSize) {
            throw new IllegalArgumentException(dtype + " " + Arrays.toString(s) + " (" + bytes + " bytes) at byte " + byteOffset
                    + " does not fit in " + this.dtype + " " + Arrays.toString(shape) + " (" + byteSize + " bytes)");
        }
        storage.retain();
        return new Tensor(storage, this.byteOffset + byteOffset, dtype, s);
    }

    /** A new tensor with this one's values in another dtype (F32 to and from BF16, round to nearest even). */
    public Tensor convert(DType to) {
        Objects.requireNonNull(to, "dtype is null");
        checkOpen();
        Tensor out = allocate(to, shape);
        try {
            convertInto(out, null);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    /**
     * Writes this tensor's values into dst (same shape, another dtype).
     *
     * @param kernel null for the fastest kernel, or a kernel name ("avx512:convert", "avx2:convert",
     *               "ref:convert") to pin one
     * @throws FrugalException UNSUPPORTED_ISA if the pinned kernel needs an ISA this CPU lacks
     */
    public void convertInto(Tensor dst, String kernel) {
        Objects.requireNonNull(dst, "dst is null");
        checkOpen();
        dst.checkOpen();
        if (!Arrays.equals(shape, dst.shape)) {
            throw new IllegalArgumentException("convert: shapes differ, " + Arrays.toString(shape) + " vs "
                    + Arrays.toString(dst.shape));
        }
        NativeCalls.check(FrugalNative.frugal_convert(memory, dtype.code(), dst.memory, dst.dtype.code(), elements,
                kernel));
    }

    // ------------------------------------------------------------------ facts

    public DType dtype() { return dtype; }

    /** A copy of the shape. */
    public long[] shape() { return shape.clone(); }

    public int rank() { return shape.length; }

    public long dim(int axis) { return shape[axis]; }

    public long elementCount() { return elements; }

    /** Bytes of memory this tensor spans. */
    public long byteSize() { return byteSize; }

    public boolean isClosed() { return closed; }

    @Override
    public String toString() {
        return "Tensor(" + dtype + " " + Arrays.toString(shape) + (closed ? ", closed)" : ")");
    }

    /** Releases this tensor's hold on its memory; idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        storage.release();
    }

    // ------------------------------------------------------------------ for operators

    NativeMemory memory() {
        checkOpen();
        return memory;
    }

    long address() {
        return storage.address + byteOffset;
    }

    boolean shapeEquals(long... other) {
        return Arrays.equals(shape, other);
    }

    /** Whether the two tensors' memory overlaps (e.g. a view passed as both input and output). */
    boolean overlaps(Tensor other) {
        long a = address(), b = other.address();
        return a < b + other.byteSize && b < a + byteSize;
    }

    void checkOpen() {
        if (closed) throw new IllegalStateException("tensor " + dtype + " " + Arrays.toString(shape) + " is closed");
    }

    private void requireDType(DType expected, String what) {
        if (dtype != expected) throw new IllegalArgumentException(what + " needs a " + expected + " tensor, this one is " + dtype);
    }

    private int toIntLength() {
        if (elements > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tensor of " + elements + " elements does not fit a Java array");
        }
        return (int) elements;
    }

    static long[] checkShape(DType dtype, long[] shape) {
        Objects.requireNonNull(shape, "shape is null");
        if (dtype == DType.BIT && shape.length == 0) throw new IllegalArgumentException("a BIT tensor needs rank >= 1");
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("dimension " + i + " of shape " + Arrays.toString(shape) + " is negative");
            }
        }
        try {
            byteSize(dtype, shape);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype + " overflows 64-bit sizes");
        }
        return shape.clone();
    }

    static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    static long byteSize(DType dtype, long[] shape) {
        if (dtype == DType.BIT) {
            long rows = 1;
            for (int i = 0; i < shape.length - 1; i++) rows = Math.multiplyExact(rows, shape[i]);
            long words = (shape[shape.length - 1] + 63) / 64;
            return Math.multiplyExact(Math.multiplyExact(rows, words), 8L);
        }
        return Math.multiplyExact(elementCount(shape), (long) dtype.bytesPerElement());
    }
}
