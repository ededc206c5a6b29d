package io.frugal;

import org.bytedeco.javacpp.Pointer;

/** An operator with one source tensor: {@link Conv2d}, {@link MatMul}, {@link Pool2d}. */
public abstract class UnaryOp extends NativeOp {
    private final long[] inputShape;

    UnaryOp(String op, Pointer handle, long[] inputShape, long[] outputShape) {
        super(op, handle, outputShape);
        this.inputShape = inputShape;
    }

    abstract int execute(Pointer handle, Pointer src, Pointer dst);

    /** The source shape {@link #run} takes. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /**
     * Runs on src, writing dst; allocates nothing. One run at a time per instance (others wait);
     * use {@code share()} for an instance per thread.
     */
    public synchronized void run(Tensor src, Tensor dst) {
        Pointer handle = openHandle();
        checkOperand("src", src, inputShape);
        checkOutput(dst);
        if (src.overlaps(dst)) throw new IllegalArgumentException(op + ": src and dst overlap; in-place runs are not supported");
        NativeCalls.check(execute(handle, src.memory(), dst.memory()));
    }

    /** Runs on src into a new tensor, which the caller closes. */
    public Tensor run(Tensor src) {
        return runInto(dst -> run(src, dst));
    }
}
