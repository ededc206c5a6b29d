package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A standalone fp32 activation or unary operation (ONNX Relu, LeakyRelu, Clip, Sigmoid,
 * HardSigmoid, HardSwish, Tanh, Sqrt, Pow with a constant exponent, Exp, Abs, Neg) for one
 * tensor shape, where it cannot be fused into the operator before it.
 *
 * <pre>{@code
 * try (Eltwise relu = Eltwise.create(EltwiseParams.of(Activation.relu(), 1, 64, 56, 56)); Tensor y = relu.run(x)) { ... }
 * }</pre>
 */
public final class Eltwise extends UnaryOp {
    private final EltwiseParams params;

    private Eltwise(EltwiseParams params, Pointer handle) {
        super("eltwise", handle, params.shape(), params.shape());
        this.params = params;
    }

    public static Eltwise create(EltwiseParams params) {
        return create(params, null);
    }

    /** With the kernel pinned by name or prefix ({@code "onednn"}, {@code "ref"}); null pins nothing. */
    public static Eltwise create(EltwiseParams params, String kernel) {
        Objects.requireNonNull(params, "eltwise: params are null");
        try (FrugalNative.EltwiseDesc d = new FrugalNative.EltwiseDesc();
             BytePointer name = kernel == null ? null : new BytePointer(kernel);
             FrugalNative.OpOptions options = new FrugalNative.OpOptions().impl(name);
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            d.count(params.count());
            WeightedOp.activation(d.activation(), params.activation());
            NativeCalls.check(FrugalNative.frugal_eltwise_create(d, options, out));
            return new Eltwise(params, new FrugalNative.EltwiseHandle(out.get(0)));
        }
    }

    /** A sibling with its own buffers, for another thread. Close each independently. */
    public Eltwise share() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_eltwise_share((FrugalNative.EltwiseHandle) handleForShare(), out));
            return new Eltwise(params, new FrugalNative.EltwiseHandle(out.get(0)));
        }
    }

    public EltwiseParams params() {
        return params;
    }

    @Override
    BytePointer implName(Pointer handle) {
        return FrugalNative.frugal_eltwise_impl_name((FrugalNative.EltwiseHandle) handle);
    }

    @Override
    int execute(Pointer handle, Pointer src, Pointer dst) {
        return FrugalNative.frugal_eltwise_execute((FrugalNative.EltwiseHandle) handle, src, dst);
    }

    @Override
    void destroy(Pointer handle) {
        FrugalNative.frugal_eltwise_destroy((FrugalNative.EltwiseHandle) handle);
    }
}
