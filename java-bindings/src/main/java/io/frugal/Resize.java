package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * An fp32 resize of NCHW or NHWC tensors over H and W (ONNX Resize, NEAREST or LINEAR) for one
 * shape. The source indices and weights are computed once, at create.
 *
 * <pre>{@code
 * ResizeParams p = ResizeParams.builder().input(1, 96, 20, 20).scales(2f, 2f)
 *         .coordinateMode(ResizeParams.CoordinateMode.ASYMMETRIC).nearestMode(ResizeParams.NearestMode.FLOOR).build();
 * try (Resize up = Resize.create(p); Tensor y = up.run(x)) { ... }
 * }</pre>
 */
public final class Resize extends UnaryOp {
    private final ResizeParams params;

    private Resize(ResizeParams params, Pointer handle) {
        super("resize", handle, params.inputShape(), params.outputShape());
        this.params = params;
    }

    public static Resize create(ResizeParams params) {
        return create(params, null);
    }

    /** With the kernel pinned by name or prefix ({@code "cpu:table"}); null pins nothing. */
    public static Resize create(ResizeParams params, String kernel) {
        Objects.requireNonNull(params, "resize: params are null");
        try (FrugalNative.ResizeDesc d = new FrugalNative.ResizeDesc();
             BytePointer name = kernel == null ? null : new BytePointer(kernel);
             FrugalNative.OpOptions options = new FrugalNative.OpOptions().impl(name);
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            d.batch(params.batch()).channels(params.channels()).in_h(params.inH()).in_w(params.inW())
                    .out_h(params.outH()).out_w(params.outW()).scale_h(params.scaleH()).scale_w(params.scaleW())
                    .mode(params.mode().ordinal()).coordinate_transformation_mode(params.coordinateMode().ordinal())
                    .nearest_mode(params.nearestMode().ordinal()).layout(params.layout().ordinal());
            NativeCalls.check(FrugalNative.frugal_resize_create(d, options, out));
            return new Resize(params, new FrugalNative.ResizeHandle(out.get(0)));
        }
    }

    /** A sibling with its own buffers, for another thread. Close each independently. */
    public Resize share() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_resize_share((FrugalNative.ResizeHandle) handleForShare(), out));
            return new Resize(params, new FrugalNative.ResizeHandle(out.get(0)));
        }
    }

    public ResizeParams params() {
        return params;
    }

    @Override
    BytePointer implName(Pointer handle) {
        return FrugalNative.frugal_resize_impl_name((FrugalNative.ResizeHandle) handle);
    }

    @Override
    int execute(Pointer handle, Pointer src, Pointer dst) {
        return FrugalNative.frugal_resize_execute((FrugalNative.ResizeHandle) handle, src, dst);
    }

    @Override
    void destroy(Pointer handle) {
        FrugalNative.frugal_resize_destroy((FrugalNative.ResizeHandle) handle);
    }
}
