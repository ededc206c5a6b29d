package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * An fp32 2-D transposed convolution (ONNX ConvTranspose) with its weights packed once and an
 * optional fused activation.
 *
 * <pre>{@code
 * ConvTranspose2dParams p = ConvTranspose2dParams.builder().input(64, 40, 40).outChannels(64).kernel(2, 2).stride(2).build();
 * try (ConvTranspose2d up = ConvTranspose2d.create(p, w, b); Tensor y = up.run(x)) { ... }
 * }</pre>
 */
public final class ConvTranspose2d extends WeightedOp {
    private static final String OP = "conv_transpose2d";
    private final ConvTranspose2dParams params;

    private ConvTranspose2d(ConvTranspose2dParams params, Pointer handle) {
        super(OP, handle, params.inputShape(), params.outputShape());
        this.params = params;
    }

    /** Chooses the fastest kernel that serves params and packs the weights ([IC, OC/G, KH, KW]); bias may be null. */
    public static ConvTranspose2d create(ConvTranspose2dParams params, Tensor weights, Tensor bias) {
        return create(params, weights, bias, null);
    }

    /**
     * With the kernel pinned by name or prefix ({@code "onednn"}, {@code "ref"}); null pins nothing.
     *
     * @throws FrugalException UNIMPLEMENTED if no (or not the pinned) kernel serves params
     */
    public static ConvTranspose2d create(ConvTranspose2dParams params, Tensor weights, Tensor bias, String kernel) {
        Objects.requireNonNull(params, OP + ": params are null");
        checkWeights(OP, weights, params.weightShape(), bias, params.outChannels());
        try (FrugalNative.ConvTranspose2dDesc d = new FrugalNative.ConvTranspose2dDesc();
             BytePointer name = kernel == null ? null : new BytePointer(kernel);
             FrugalNative.OpOptions options = new FrugalNative.OpOptions().impl(name);
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            d.batch(params.batch()).in_channels(params.inChannels()).in_h(params.inH()).in_w(params.inW())
                    .out_channels(params.outChannels()).kernel_h(params.kernelH()).kernel_w(params.kernelW())
                    .stride_h(params.strideH()).stride_w(params.strideW()).pad_top(params.padTop())
                    .pad_left(params.padLeft()).pad_bottom(params.padBottom()).pad_right(params.padRight())
                    .output_padding_h(params.outputPaddingH()).output_padding_w(params.outputPaddingW())
                    .dilation_h(params.dilationH()).dilation_w(params.dilationW()).groups(params.groups())
                    .layout(params.layout().ordinal());
            activation(d.activation(), params.activation());
            NativeCalls.check(FrugalNative.frugal_conv_transpose2d_create(d, options, weights.memory(),
                    bias == null ? null : bias.memory(), out));
            return new ConvTranspose2d(params, new FrugalNative.ConvTranspose2dHandle(out.get(0)));
        }
    }

    /** A sibling sharing the packed weights, with its own buffers, for another thread. Close each independently. */
    public ConvTranspose2d share() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_conv_transpose2d_share(
                    (FrugalNative.ConvTranspose2dHandle) handleForShare(), out));
            return new ConvTranspose2d(params, new FrugalNative.ConvTranspose2dHandle(out.get(0)));
        }
    }

    public ConvTranspose2dParams params() {
        return params;
    }

    @Override
    BytePointer implName(Pointer handle) {
        return FrugalNative.frugal_conv_transpose2d_impl_name((FrugalNative.ConvTranspose2dHandle) handle);
    }

    @Override
    int execute(Pointer handle, Pointer src, Pointer dst) {
        return FrugalNative.frugal_conv_transpose2d_execute((FrugalNative.ConvTranspose2dHandle) handle, src, dst);
    }

    @Override
    void destroy(Pointer handle) {
        FrugalNative.frugal_conv_transpose2d_destroy((FrugalNative.ConvTranspose2dHandle) handle);
    }
}
