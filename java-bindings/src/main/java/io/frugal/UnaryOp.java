package io.frugal;

import org.bytedeco.javacpp.Pointer;

/**
 * An operator with one source tensor: {@link Conv2d}, {@link MatMul}, {@link Pool2d}, and the
 * int8 {@link QConv2d} and {@link QMatMul}, whose source and destination dtypes are not F32.
 */
public abstract class UnaryOp extends NativeOp {
    private final long[] inputShape;
    private final DType srcType;
    private final DType dstType;

    UnaryOp(String op, Pointer handle, long[] inputShape, long[] outputShape) {
        this(op, handle, inputShape, DType.F32, outputShape, DType.F32);
    }

    UnaryOp(String op, Pointer handle, long[] inputShape, DType srcType, long[] outputShape, DType dstType) {
        super(op, handle, outputShape);
        this.inputShape = inputShape;
        this.srcType = srcType;
        this.dstType = dstType;
    }

    abstract int execute(Pointer handle, Pointer src, Pointer dst);

    /** The source shape {@link #run} takes (of dtype {@link #srcType()}). */
    public long[] inputShape() {
        return inputShape.clone();
    }

    public DType srcType() {
        return srcType;
    }

    public DType dstType() {
        return dstType;
    }

    /**
     * Runs on src, writing dst; allocates nothing. One run at a time per instance (others wait);
     * use {@code share()} for an instance per thread.
     */
    public synchronized void run(Tensor src, Tensor dst) {
        Pointer handle = openHandle();
        checkOperand("src", -1, src, srcType, inputShape);
        checkOutput(dst, dstType);
        if (src.overlaps(dst)) throw new IllegalArgumentException(op + ": src and dst overlap; in-place runs are not supported");
        NativeCalls.check(execute(handle, src.memory(), dst.memory()));
    }

    /** Runs on src into a new tensor of {@link #dstType()}, which the caller closes. */
    public Tensor run(Tensor src) {
        return runInto(dstType, dst -> run(src, dst));
    }
}
