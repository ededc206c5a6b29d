package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * An fp32 binary element-wise operation (ONNX Add, Mul, Sub, Div) with broadcasting and an
 * optional fused activation, for one pair of input shapes.
 *
 * <pre>{@code
 * try (Binary add = Binary.create(BinaryParams.of(BinaryParams.Kind.ADD, new long[] {1, 8, 5, 5}, new long[] {8, 1, 1}));
 *      Tensor y = add.run(a, b)) { ... }
 * }</pre>
 */
public final class Binary extends TwoSourceOp {
    private final BinaryParams params;

    private Binary(BinaryParams params, Pointer handle) {
        super("binary", handle, "src0", params.shape0(), "src1", params.shape1(), params.outputShape());
        this.params = params;
    }

    public static Binary create(BinaryParams params) {
        return create(params, null);
    }

    /** With the kernel pinned by name or prefix ({@code "onednn"}, {@code "ref"}); null pins nothing. */
    public static Binary create(BinaryParams params, String kernel) {
        Objects.requireNonNull(params, "binary: params are null");
        try (FrugalNative.BinaryDesc d = new FrugalNative.BinaryDesc();
             BytePointer name = kernel == null ? null : new BytePointer(kernel);
             FrugalNative.OpOptions options = new FrugalNative.OpOptions().impl(name);
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            long[] s0 = params.shape0(), s1 = params.shape1();
            d.kind(params.kind().ordinal()).rank0(s0.length).rank1(s1.length);
            for (int i = 0; i < s0.length; i++) d.dims0(i, s0[i]);
            for (int i = 0; i < s1.length; i++) d.dims1(i, s1[i]);
            WeightedOp.activation(d.activation(), params.activation());
            NativeCalls.check(FrugalNative.frugal_binary_create(d, options, out));
            return new Binary(params, new FrugalNative.BinaryHandle(out.get(0)));
        }
    }

    /** A sibling with its own buffers, for another thread. Close each independently. */
    public Binary share() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_binary_share((FrugalNative.BinaryHandle) handleForShare(), out));
            return new Binary(params, new FrugalNative.BinaryHandle(out.get(0)));
        }
    }

    public BinaryParams params() {
        return params;
    }

    @Override
    int execute(Pointer handle, Pointer a, Pointer b, Pointer dst) {
        return FrugalNative.frugal_binary_execute((FrugalNative.BinaryHandle) handle, a, b, dst);
    }

    @Override
    BytePointer implName(Pointer handle) {
        return FrugalNative.frugal_binary_impl_name((FrugalNative.BinaryHandle) handle);
    }

    @Override
    void destroy(Pointer handle) {
        FrugalNative.frugal_binary_destroy((FrugalNative.BinaryHandle) handle);
    }
}
