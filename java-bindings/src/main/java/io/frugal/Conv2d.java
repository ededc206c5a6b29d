package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * An fp32 2-D convolution with its weights packed once, for one input shape.
 *
 * <pre>{@code
 * Conv2dParams p = Conv2dParams.builder().input(64, 56, 56).outChannels(64).kernel(3, 3).padding(1)
 *         .activation(Activation.relu()).build();
 * try (Conv2d conv = Conv2d.create(p, weights, bias);
 *      Tensor y = conv.run(x)) { ... }
 * }</pre>
 */
public final class Conv2d extends WeightedOp {
    private final Conv2dParams params;

    private Conv2d(Conv2dParams params, Pointer handle) {
        super("conv2d", handle, params.inputShape(), params.outputShape());
        this.params = params;
    }

    /** Chooses the fastest kernel that serves params and packs the weights. */
    public static Conv2d create(Conv2dParams params, Tensor weights, Tensor bias) {
        return create(params, weights, bias, null);
    }

    /**
     * Like {@link #create(Conv2dParams, Tensor, Tensor)}, with the kernel pinned by name or prefix
     * ({@code "onednn"}, {@code "ref"}); null pins nothing.
     *
     * @throws FrugalException UNIMPLEMENTED if no (or not the pinned) kernel serves params;
     *                         UNSUPPORTED_ISA if the pinned kernel needs an ISA this CPU lacks
     */
    public static Conv2d create(Conv2dParams params, Tensor weights, Tensor bias, String kernel) {
        Objects.requireNonNull(params, "conv2d: params are null");
        checkWeights("conv2d", weights, params.weightShape(), bias, params.outChannels());
        try (FrugalNative.Conv2dDesc d = new FrugalNative.Conv2dDesc();
             BytePointer name = kernel == null ? null : new BytePointer(kernel);
             FrugalNative.OpOptions options = new FrugalNative.OpOptions().impl(name);
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            describe(d, params);
            NativeCalls.check(FrugalNative.frugal_conv2d_create(d, options, weights.memory(),
                    bias == null ? null : bias.memory(), out));
            return new Conv2d(params, new FrugalNative.Conv2dHandle(out.get(0)));
        }
    }

    /**
     * A sibling sharing the packed weights, with its own buffers: one per thread runs in
     * parallel. Close each independently.
     */
    public Conv2d share() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_conv2d_share((FrugalNative.Conv2dHandle) handleForShare(), out));
            return new Conv2d(params, new FrugalNative.Conv2dHandle(out.get(0)));
        }
    }

    public Conv2dParams params() {
        return params;
    }

    @Override
    BytePointer implName(Pointer handle) {
        return FrugalNative.frugal_conv2d_impl_name((FrugalNative.Conv2dHandle) handle);
    }

    @Override
    int execute(Pointer handle, Pointer src, Pointer dst) {
        return FrugalNative.frugal_conv2d_execute((FrugalNative.Conv2dHandle) handle, src, dst);
    }

    @Override
    void destroy(Pointer handle) {
        FrugalNative.frugal_conv2d_destroy((FrugalNative.Conv2dHandle) handle);
    }
}
