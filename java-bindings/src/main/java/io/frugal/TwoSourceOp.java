package io.frugal;

import org.bytedeco.javacpp.Pointer;

/** An operator with two source tensors and one destination: {@link Binary}, {@link BatchMatMul}. */
public abstract class TwoSourceOp extends NativeOp {
    private final String name0, name1;
    private final long[] shape0, shape1; // copies kept for the per-run checks, which must not allocate

    TwoSourceOp(String op, Pointer handle, String name0, long[] shape0, String name1, long[] shape1, long[] outputShape) {
        super(op, handle, outputShape);
        this.name0 = name0;
        this.name1 = name1;
        this.shape0 = shape0;
        this.shape1 = shape1;
    }

    abstract int execute(Pointer handle, Pointer a, Pointer b, Pointer dst);

    /**
     * Runs on a and b, writing dst; allocates nothing. dst must not overlap a or b. One run at a
     * time per instance (others wait); use {@code share()} for an instance per thread.
     */
    public synchronized void run(Tensor a, Tensor b, Tensor dst) {
        Pointer handle = openHandle();
        checkOperand(name0, a, shape0);
        checkOperand(name1, b, shape1);
        checkOutput(dst);
        if (a.overlaps(dst) || b.overlaps(dst)) {
            throw new IllegalArgumentException(op + ": dst overlaps an input; in-place runs are not supported");
        }
        NativeCalls.check(execute(handle, a.memory(), b.memory(), dst.memory()));
    }

    /** Runs into a new tensor, which the caller closes. */
    public Tensor run(Tensor a, Tensor b) {
        return runInto(dst -> run(a, b, dst));
    }
}
