package io.frugal;

import java.util.Arrays;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * What every operator shares: a native handle, the kernel's name, the output shape, operand
 * checks before every native call, one run at a time per handle, and closing. The operators are
 * the subclasses in this package; the graph runtime holds them through this type.
 */
public abstract class NativeOp implements AutoCloseable {
    final String op;
    private final String kernelName;
    private final long[] outputShape;
    private Pointer handle;

    NativeOp(String op, Pointer handle, long[] outputShape) {
        this.op = op;
        this.handle = handle;
        this.outputShape = outputShape;
        this.kernelName = NativeCalls.string(implName(handle));
    }

    abstract BytePointer implName(Pointer handle);

    abstract void destroy(Pointer handle);

    /**
     * A sibling sharing this operator's packed weights and primitives, with its own execution
     * buffers: one per thread runs in parallel. Close each independently.
     */
    public abstract NativeOp share();

    /** The kernel serving this operator, e.g. {@code onednn:brg_conv_fwd:avx512_core} or {@code ref:direct}. */
    public String kernel() {
        return kernelName;
    }

    /** The destination shape {@code run} writes. */
    public long[] outputShape() {
        return outputShape.clone();
    }

    @Override
    public synchronized void close() {
        if (handle != null) {
            destroy(handle);
            handle = null;
        }
    }

    public synchronized boolean isClosed() {
        return handle == null;
    }

    synchronized Pointer handleForShare() {
        checkOpen();
        return handle;
    }

    /** The open handle; callers hold this object's lock. */
    Pointer openHandle() {
        checkOpen();
        return handle;
    }

    private void checkOpen() {
        if (handle == null) throw new IllegalStateException("Trying to run a closed " + op + ".");
    }

    /**
     * Checks one operand before a native call. Called on every run, so it builds no strings and
     * copies no shapes unless it throws: a session's run allocates nothing.
     */
    void checkOperand(String name, Tensor t, long[] expected) {
        checkOperand(name, -1, t, expected);
    }

    /** Like {@link #checkOperand(String, Tensor, long[])} for operand index of a list (index -1: not a list). */
    void checkOperand(String name, int index, Tensor t, long[] expected) {
        checkOperand(name, index, t, DType.F32, expected);
    }

    /** Like {@link #checkOperand(String, int, Tensor, long[])} for an operand of the given dtype. */
    void checkOperand(String name, int index, Tensor t, DType dtype, long[] expected) {
        if (t == null) throw new NullPointerException(op + ": " + label(name, index) + " is null");
        t.checkOpen();
        if (t.dtype() != dtype) {
            throw new IllegalArgumentException(op + ": " + label(name, index) + " must be " + dtype + ", got " + t.dtype());
        }
        if (!t.shapeEquals(expected)) {
            throw new IllegalArgumentException(op + ": " + label(name, index) + " shape " + Arrays.toString(t.shape())
                    + " does not match " + Arrays.toString(expected));
        }
    }

    /** Checks the destination against the output shape. */
    void checkOutput(Tensor dst) {
        checkOutput(dst, DType.F32);
    }

    /** Checks the destination against the output shape and dtype. */
    void checkOutput(Tensor dst, DType dtype) {
        checkOperand("dst", -1, dst, dtype, outputShape);
    }

    private static String label(String name, int index) {
        return index < 0 ? name : name + " " + index;
    }

    /** A new F32 tensor of the output shape, filled by fill; closed again if fill throws. */
    Tensor runInto(java.util.function.Consumer<Tensor> fill) {
        return runInto(DType.F32, fill);
    }

    /** A new tensor of dtype and the output shape, filled by fill; closed again if fill throws. */
    Tensor runInto(DType dtype, java.util.function.Consumer<Tensor> fill) {
        Tensor dst = Tensor.allocate(dtype, outputShape);
        try {
            fill.accept(dst);
            return dst;
        } catch (RuntimeException e) {
            dst.close();
            throw e;
        }
    }
}
