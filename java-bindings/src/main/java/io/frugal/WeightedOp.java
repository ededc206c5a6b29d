package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Arrays;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * What {@link Conv2d} and {@link MatMul} share: a native handle with packed weights, argument
 * checks before every native call, one run at a time per handle, and closing.
 */
abstract class WeightedOp implements AutoCloseable {
    private final String op;
    private final String kernelName;
    private final long[] inputShape;
    private final long[] outputShape;
    private Pointer handle;

    WeightedOp(String op, Pointer handle, long[] inputShape, long[] outputShape) {
        this.op = op;
        this.handle = handle;
        this.inputShape = inputShape;
        this.outputShape = outputShape;
        this.kernelName = NativeCalls.string(implName(handle));
    }

    abstract BytePointer implName(Pointer handle);

    abstract int execute(Pointer handle, Pointer src, Pointer dst);

    abstract void destroy(Pointer handle);

    /** The kernel serving this operator, e.g. {@code onednn:brg_conv_fwd:avx512_core} or {@code ref:direct}. */
    public String kernel() {
        return kernelName;
    }

    /** The source shape {@link #run} takes. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** The destination shape {@link #run} writes. */
    public long[] outputShape() {
        return outputShape.clone();
    }

    /**
     * Runs on src, writing dst; allocates nothing. One run at a time per instance (others wait);
     * use {@code share()} for an instance per thread.
     */
    public synchronized void run(Tensor src, Tensor dst) {
        checkOpen();
        checkOperand("src", src, inputShape);
        checkOperand("dst", dst, outputShape);
        if (src.overlaps(dst)) throw new IllegalArgumentException(op + ": src and dst overlap; in-place runs are not supported");
        NativeCalls.check(execute(handle, src.memory(), dst.memory()));
    }

    /** Runs on src into a new tensor, which the caller closes. */
    public Tensor run(Tensor src) {
        Tensor dst = Tensor.allocate(DType.F32, outputShape);
        try {
            run(src, dst);
            return dst;
        } catch (RuntimeException e) {
            dst.close();
            throw e;
        }
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

    private void checkOpen() {
        if (handle == null) throw new IllegalStateException("Trying to run a closed " + op + ".");
    }

    private void checkOperand(String name, Tensor t, long[] expected) {
        Objects.requireNonNull(t, op + ": " + name + " is null");
        t.checkOpen();
        if (t.dtype() != DType.F32) throw new IllegalArgumentException(op + ": " + name + " must be F32, got " + t.dtype());
        if (!t.shapeEquals(expected)) {
            throw new IllegalArgumentException(op + ": " + name + " shape " + Arrays.toString(t.shape()) + " does not match "
                    + Arrays.toString(expected));
        }
    }

    static FrugalNative.Activation activation(FrugalNative.Activation a, Activation act) {
        return a.kind(act.kind().ordinal()).alpha(act.alpha()).beta(act.beta());
    }

    static void checkWeights(String op, Tensor weights, long[] shape, Tensor bias, long biasLength) {
        Objects.requireNonNull(weights, op + ": weights are null");
        weights.checkOpen();
        if (weights.dtype() != DType.F32) throw new IllegalArgumentException(op + ": weights must be F32, got " + weights.dtype());
        if (!weights.shapeEquals(shape)) {
            throw new IllegalArgumentException(op + ": weights shape " + Arrays.toString(weights.shape()) + " does not match "
                    + Arrays.toString(shape));
        }
        if (bias != null) {
            bias.checkOpen();
            if (bias.dtype() != DType.F32) throw new IllegalArgumentException(op + ": bias must be F32, got " + bias.dtype());
            if (!bias.shapeEquals(biasLength)) {
                throw new IllegalArgumentException(op + ": bias shape " + Arrays.toString(bias.shape()) + " does not match ["
                        + biasLength + "]");
            }
        }
    }
}
