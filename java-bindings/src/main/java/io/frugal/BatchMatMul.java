package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * An fp32 matrix product of two run-time tensors with numpy semantics (ONNX MatMul where both
 * inputs are activations, as in attention), for one pair of input shapes. For constant weights
 * packed once, use {@link MatMul}.
 *
 * <pre>{@code
 * try (BatchMatMul qk = BatchMatMul.create(BatchMatMulParams.of(new long[] {1, 8, 40, 15}, new long[] {1, 8, 15, 40}));
 *      Tensor scores = qk.run(q, kT)) { ... }
 * }</pre>
 */
public final class BatchMatMul extends TwoSourceOp {
    private final BatchMatMulParams params;

    private BatchMatMul(BatchMatMulParams params, Pointer handle) {
        super("batch_matmul", handle, "a", params.shapeA(), "b", params.shapeB(), params.outputShape());
        this.params = params;
    }

    public static BatchMatMul create(BatchMatMulParams params) {
        return create(params, null);
    }

    /** With the kernel pinned by name or prefix ({@code "onednn"}, {@code "ref"}); null pins nothing. */
    public static BatchMatMul create(BatchMatMulParams params, String kernel) {
        Objects.requireNonNull(params, "batch_matmul: params are null");
        try (FrugalNative.BatchMatmulDesc d = new FrugalNative.BatchMatmulDesc();
             BytePointer name = kernel == null ? null : new BytePointer(kernel);
             FrugalNative.OpOptions options = new FrugalNative.OpOptions().impl(name);
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            long[] a = params.shapeA(), b = params.shapeB();
            d.a_rank(a.length).b_rank(b.length);
            for (int i = 0; i < a.length; i++) d.a_dims(i, a[i]);
            for (int i = 0; i < b.length; i++) d.b_dims(i, b[i]);
            NativeCalls.check(FrugalNative.frugal_batch_matmul_create(d, options, out));
            return new BatchMatMul(params, new FrugalNative.BatchMatmulHandle(out.get(0)));
        }
    }

    /** A sibling with its own buffers, for another thread. Close each independently. */
    public BatchMatMul share() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_batch_matmul_share((FrugalNative.BatchMatmulHandle) handleForShare(), out));
            return new BatchMatMul(params, new FrugalNative.BatchMatmulHandle(out.get(0)));
        }
    }

    public BatchMatMulParams params() {
        return params;
    }

    @Override
    int execute(Pointer handle, Pointer a, Pointer b, Pointer dst) {
        return FrugalNative.frugal_batch_matmul_execute((FrugalNative.BatchMatmulHandle) handle, a, b, dst);
    }

    @Override
    BytePointer implName(Pointer handle) {
        return FrugalNative.frugal_batch_matmul_impl_name((FrugalNative.BatchMatmulHandle) handle);
    }

    @Override
    void destroy(Pointer handle) {
        FrugalNative.frugal_batch_matmul_destroy((FrugalNative.BatchMatmulHandle) handle);
    }
}
