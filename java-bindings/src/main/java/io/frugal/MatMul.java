package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/** An fp32 matrix multiply with constant weights packed once (see {@link MatMulParams}). */
public final class MatMul extends WeightedOp {
    private final MatMulParams params;

    private MatMul(MatMulParams params, Pointer handle) {
        super("matmul", handle, params.inputShape(), params.outputShape());
        this.params = params;
    }

    public static MatMul create(MatMulParams params, Tensor weights, Tensor bias) {
        return create(params, weights, bias, null);
    }

    /**
     * @param kernel null, or a kernel name or prefix to pin ({@code "onednn"}, {@code "ref"})
     * @throws FrugalException if no (or not the pinned) kernel serves params
     */
    public static MatMul create(MatMulParams params, Tensor weights, Tensor bias, String kernel) {
        Objects.requireNonNull(params, "matmul: params are null");
        checkWeights("matmul", weights, params.weightShape(), bias, params.n());
        try (FrugalNative.MatmulDesc d = new FrugalNative.MatmulDesc();
             BytePointer name = kernel == null ? null : new BytePointer(kernel);
             FrugalNative.OpOptions options = new FrugalNative.OpOptions().impl(name);
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            d.batch(params.batch()).m(params.m()).k(params.k()).n(params.n())
                    .weights_transposed(params.weightsTransposed() ? 1 : 0);
            activation(d.activation(), params.activation());
            NativeCalls.check(FrugalNative.frugal_matmul_create(d, options, weights.memory(),
                    bias == null ? null : bias.memory(), out));
            return new MatMul(params, new FrugalNative.MatmulHandle(out.get(0)));
        }
    }

    /** A sibling sharing the packed weights, with its own buffers, for another thread. */
    public MatMul share() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_matmul_share((FrugalNative.MatmulHandle) handleForShare(), out));
            return new MatMul(params, new FrugalNative.MatmulHandle(out.get(0)));
        }
    }

    public MatMulParams params() {
        return params;
    }

    @Override
    BytePointer implName(Pointer handle) {
        return FrugalNative.frugal_matmul_impl_name((FrugalNative.MatmulHandle) handle);
    }

    @Override
    int execute(Pointer handle, Pointer src, Pointer dst) {
        return FrugalNative.frugal_matmul_execute((FrugalNative.MatmulHandle) handle, src, dst);
    }

    @Override
    void destroy(Pointer handle) {
        FrugalNative.frugal_matmul_destroy((FrugalNative.MatmulHandle) handle);
    }
}
