package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * An fp32 strided copy (ONNX Transpose, Slice, any strided view) for one src shape and view.
 *
 * <pre>{@code
 * try (Reorder t = Reorder.create(ReorderParams.transpose(new long[] {1, 3, 48, 320}, new int[] {0, 2, 3, 1}));
 *      Tensor y = t.run(x)) { ... }
 * }</pre>
 */
public final class Reorder extends UnaryOp {
    private final ReorderParams params;

    private Reorder(ReorderParams params, Pointer handle) {
        super("reorder", handle, params.srcShape(), params.dstShape());
        this.params = params;
    }

    public static Reorder create(ReorderParams params) {
        return create(params, null);
    }

    /** With the kernel pinned by name or prefix ({@code "onednn"}, {@code "ref"}); null pins nothing. */
    public static Reorder create(ReorderParams params, String kernel) {
        Objects.requireNonNull(params, "reorder: params are null");
        try (FrugalNative.ReorderDesc d = new FrugalNative.ReorderDesc();
             BytePointer name = kernel == null ? null : new BytePointer(kernel);
             FrugalNative.OpOptions options = new FrugalNative.OpOptions().impl(name);
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            long[] dims = params.dstShape();
            long[] strides = params.srcStrides();
            d.rank(dims.length).src_offset(params.srcOffset()).src_elements(params.srcElements());
            for (int i = 0; i < dims.length; i++) d.dims(i, dims[i]).src_strides(i, strides[i]);
            NativeCalls.check(FrugalNative.frugal_reorder_create(d, options, out));
            return new Reorder(params, new FrugalNative.ReorderHandle(out.get(0)));
        }
    }

    /** A sibling with its own buffers, for another thread. Close each independently. */
    public Reorder share() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_reorder_share((FrugalNative.ReorderHandle) handleForShare(), out));
            return new Reorder(params, new FrugalNative.ReorderHandle(out.get(0)));
        }
    }

    public ReorderParams params() {
        return params;
    }

    @Override
    BytePointer implName(Pointer handle) {
        return FrugalNative.frugal_reorder_impl_name((FrugalNative.ReorderHandle) handle);
    }

    @Override
    int execute(Pointer handle, Pointer src, Pointer dst) {
        return FrugalNative.frugal_reorder_execute((FrugalNative.ReorderHandle) handle, src, dst);
    }

    @Override
    void destroy(Pointer handle) {
        FrugalNative.frugal_reorder_destroy((FrugalNative.ReorderHandle) handle);
    }
}
