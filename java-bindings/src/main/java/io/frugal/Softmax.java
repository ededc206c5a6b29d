package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * An fp32 softmax over one axis (ONNX Softmax, any opset) for one tensor shape.
 *
 * <pre>{@code
 * try (Softmax sm = Softmax.create(SoftmaxParams.of(-1, 1, 25, 6625)); Tensor y = sm.run(x)) { ... }
 * }</pre>
 */
public final class Softmax extends UnaryOp {
    private final SoftmaxParams params;

    private Softmax(SoftmaxParams params, Pointer handle) {
        super("softmax", handle, params.shape(), params.shape());
        this.params = params;
    }

    public static Softmax create(SoftmaxParams params) {
        return create(params, null);
    }

    /** With the kernel pinned by name or prefix ({@code "onednn"}, {@code "ref"}); null pins nothing. */
    public static Softmax create(SoftmaxParams params, String kernel) {
        Objects.requireNonNull(params, "softmax: params are null");
        try (FrugalNative.SoftmaxDesc d = new FrugalNative.SoftmaxDesc();
             BytePointer name = kernel == null ? null : new BytePointer(kernel);
             FrugalNative.OpOptions options = new FrugalNative.OpOptions().impl(name);
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            long[] s = params.shape();
            d.rank(s.length).axis(params.axis()).coerce_2d(params.coerce2d() ? 1 : 0);
            for (int i = 0; i < s.length; i++) d.dims(i, s[i]);
            NativeCalls.check(FrugalNative.frugal_softmax_create(d, options, out));
            return new Softmax(params, new FrugalNative.SoftmaxHandle(out.get(0)));
        }
    }

    /** A sibling with its own buffers, for another thread. Close each independently. */
    public Softmax share() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_softmax_share((FrugalNative.SoftmaxHandle) handleForShare(), out));
            return new Softmax(params, new FrugalNative.SoftmaxHandle(out.get(0)));
        }
    }

    public SoftmaxParams params() {
        return params;
    }

    @Override
    BytePointer implName(Pointer handle) {
        return FrugalNative.frugal_softmax_impl_name((FrugalNative.SoftmaxHandle) handle);
    }

    @Override
    int execute(Pointer handle, Pointer src, Pointer dst) {
        return FrugalNative.frugal_softmax_execute((FrugalNative.SoftmaxHandle) handle, src, dst);
    }

    @Override
    void destroy(Pointer handle) {
        FrugalNative.frugal_softmax_destroy((FrugalNative.SoftmaxHandle) handle);
    }
}
