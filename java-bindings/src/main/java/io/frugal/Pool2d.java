package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * An fp32 2-D max or average pooling for one input shape.
 *
 * <pre>{@code
 * Pool2dParams p = Pool2dParams.builder(Pool2dParams.Kind.MAX).input(64, 56, 56).kernel(3, 3).stride(2).padding(1).build();
 * try (Pool2d pool = Pool2d.create(p); Tensor y = pool.run(x)) { ... }
 * }</pre>
 */
public final class Pool2d extends UnaryOp {
    private final Pool2dParams params;

    private Pool2d(Pool2dParams params, Pointer handle) {
        super("pool2d", handle, params.inputShape(), params.outputShape());
        this.params = params;
    }

    /** Chooses the fastest kernel that serves params. */
    public static Pool2d create(Pool2dParams params) {
        return create(params, null);
    }

    /**
     * Like {@link #create(Pool2dParams)}, with the kernel pinned by name or prefix ({@code "onednn"},
     * {@code "ref"}); null pins nothing.
     *
     * @throws FrugalException UNIMPLEMENTED if no (or not the pinned) kernel serves params
     */
    public static Pool2d create(Pool2dParams params, String kernel) {
        Objects.requireNonNull(params, "pool2d: params are null");
        try (FrugalNative.Pool2dDesc d = new FrugalNative.Pool2dDesc();
             BytePointer name = kernel == null ? null : new BytePointer(kernel);
             FrugalNative.OpOptions options = new FrugalNative.OpOptions().impl(name);
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            d.batch(params.batch()).channels(params.channels()).in_h(params.inH()).in_w(params.inW())
                    .kind(params.kind().ordinal()).global(params.global() ? 1 : 0)
                    .kernel_h(params.kernelH()).kernel_w(params.kernelW()).stride_h(params.strideH())
                    .stride_w(params.strideW()).pad_top(params.padTop()).pad_left(params.padLeft())
                    .pad_bottom(params.padBottom()).pad_right(params.padRight()).dilation_h(params.dilationH())
                    .dilation_w(params.dilationW()).ceil_mode(params.ceilMode() ? 1 : 0)
                    .count_include_pad(params.countIncludePad() ? 1 : 0).layout(params.layout().ordinal());
            NativeCalls.check(FrugalNative.frugal_pool2d_create(d, options, out));
            return new Pool2d(params, new FrugalNative.Pool2dHandle(out.get(0)));
        }
    }

    /** A sibling with its own buffers, for another thread. Close each independently. */
    public Pool2d share() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_pool2d_share((FrugalNative.Pool2dHandle) handleForShare(), out));
            return new Pool2d(params, new FrugalNative.Pool2dHandle(out.get(0)));
        }
    }

    public Pool2dParams params() {
        return params;
    }

    @Override
    BytePointer implName(Pointer handle) {
        return FrugalNative.frugal_pool2d_impl_name((FrugalNative.Pool2dHandle) handle);
    }

    @Override
    int execute(Pointer handle, Pointer src, Pointer dst) {
        return FrugalNative.frugal_pool2d_execute((FrugalNative.Pool2dHandle) handle, src, dst);
    }

    @Override
    void destroy(Pointer handle) {
        FrugalNative.frugal_pool2d_destroy((FrugalNative.Pool2dHandle) handle);
    }
}
