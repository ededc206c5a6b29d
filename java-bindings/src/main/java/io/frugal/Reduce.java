package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * An fp32 reduction over a set of axes (ONNX ReduceMean, ReduceSum, ReduceMax, ReduceMin,
 * ReduceProd, ReduceL2, ReduceSumSquare) for one tensor shape. dst keeps the input's rank with
 * the reduced axes of extent 1.
 *
 * <pre>{@code
 * try (Reduce mean = Reduce.create(ReduceParams.of(ReduceParams.Kind.MEAN, new long[] {1, 40, 120}, -1));
 *      Tensor y = mean.run(x)) { ... }  // y is [1, 40, 1]
 * }</pre>
 */
public final class Reduce extends UnaryOp {
    private final ReduceParams params;

    private Reduce(ReduceParams params, Pointer handle) {
        super("reduce", handle, params.shape(), params.outputShape());
        this.params = params;
    }

    public static Reduce create(ReduceParams params) {
        return create(params, null);
    }

    /** With the kernel pinned by name or prefix ({@code "onednn"}, {@code "ref"}); null pins nothing. */
    public static Reduce create(ReduceParams params, String kernel) {
        Objects.requireNonNull(params, "reduce: params are null");
        try (FrugalNative.ReduceDesc d = new FrugalNative.ReduceDesc();
             BytePointer name = kernel == null ? null : new BytePointer(kernel);
             FrugalNative.OpOptions options = new FrugalNative.OpOptions().impl(name);
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            long[] s = params.shape();
            d.kind(params.kind().ordinal()).rank(s.length).axes_mask(params.axesMask());
            for (int i = 0; i < s.length; i++) d.dims(i, s[i]);
            NativeCalls.check(FrugalNative.frugal_reduce_create(d, options, out));
            return new Reduce(params, new FrugalNative.ReduceHandle(out.get(0)));
        }
    }

    /** A sibling with its own buffers, for another thread. Close each independently. */
    public Reduce share() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_reduce_share((FrugalNative.ReduceHandle) handleForShare(), out));
            return new Reduce(params, new FrugalNative.ReduceHandle(out.get(0)));
        }
    }

    public ReduceParams params() {
        return params;
    }

    @Override
    BytePointer implName(Pointer handle) {
        return FrugalNative.frugal_reduce_impl_name((FrugalNative.ReduceHandle) handle);
    }

    @Override
    int execute(Pointer handle, Pointer src, Pointer dst) {
        return FrugalNative.frugal_reduce_execute((FrugalNative.ReduceHandle) handle, src, dst);
    }

    @Override
    void destroy(Pointer handle) {
        FrugalNative.frugal_reduce_destroy((FrugalNative.ReduceHandle) handle);
    }
}
