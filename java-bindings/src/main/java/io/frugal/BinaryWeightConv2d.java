package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Arrays;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A binary-weight (BWN) 2-D convolution for one input shape: F32 src [N, H, W, C] to F32 dst
 * [N, OH, OW, OC] ({@link Layout#NHWC} only), with weights held as 1 bit each plus one multiplier
 * per output channel (C: {@code frugal_bwconv2d}). The weights are binarized at create exactly as
 * {@link BinaryConv2d} binarizes them (w &gt;= 0 is +1, else -1), and
 * {@code y = act(multiplier[oc] * sum(sign(w) * x) + bias[oc])}: a float convolution with weights
 * {@code sign(W) * multiplier} and zero padding. The multiplier is given per output channel or,
 * when null, {@code alpha[oc] = mean|W[oc]|}.
 *
 * <pre>{@code
 * Conv2dParams p = Conv2dParams.builder().input(64, 56, 56).outChannels(64).kernel(3, 3).padding(1)
 *         .layout(Layout.NHWC).activation(Activation.relu()).build();
 * try (BinaryWeightConv2d conv = BinaryWeightConv2d.create(p, weights, null, bias);  // weights F32 [OC, IC/G, KH, KW]
 *      Tensor y = conv.run(x)) { ... }                                              // x F32 [N, H, W, C]
 * }</pre>
 */
public final class BinaryWeightConv2d extends UnaryOp {
    private final Conv2dParams params;

    private BinaryWeightConv2d(Conv2dParams params, Pointer handle) {
        super("bwconv2d", handle, params.inputShape(), params.outputShape());
        this.params = params;
    }

    /** Chooses the fastest kernel; multiplier and bias F32 [outChannels] or null. */
    public static BinaryWeightConv2d create(Conv2dParams params, Tensor weights, Tensor multiplier, Tensor bias) {
        return create(params, weights, multiplier, bias, null);
    }

    /**
     * Like {@link #create(Conv2dParams, Tensor, Tensor, Tensor)} with the kernel pinned by name or
     * prefix ({@code "avx512:bwn"}, {@code "avx2:bwn"}, {@code "ref"}); null pins nothing.
     *
     * @throws IllegalArgumentException for a layout other than NHWC, or weights, multiplier or bias
     *                                  of the wrong dtype or shape
     * @throws FrugalException INVALID_ARGUMENT for NaN or infinite weights, multiplier or bias;
     *                         UNIMPLEMENTED / UNSUPPORTED_ISA if the pinned kernel cannot serve
     */
    public static BinaryWeightConv2d create(Conv2dParams params, Tensor weights, Tensor multiplier, Tensor bias,
                                            String kernel) {
        Objects.requireNonNull(params, "bwconv2d: params are null");
        if (params.layout() != Layout.NHWC) {
            throw new IllegalArgumentException("bwconv2d: layout must be NHWC (src and dst F32 [N, H, W, C]), got "
                    + params.layout());
        }
        WeightedOp.checkWeights("bwconv2d", weights, params.weightShape(), bias, params.outChannels());
        if (multiplier != null) {
            multiplier.checkOpen();
            if (multiplier.dtype() != DType.F32) {
                throw new IllegalArgumentException("bwconv2d: multiplier must be F32, got " + multiplier.dtype());
            }
            if (!multiplier.shapeEquals(params.outChannels())) {
                throw new IllegalArgumentException("bwconv2d: multiplier shape " + Arrays.toString(multiplier.shape())
                        + " does not match [" + params.outChannels() + "]");
            }
        }
        try (FrugalNative.Conv2dDesc d = new FrugalNative.Conv2dDesc();
             BytePointer name = kernel == null ? null : new BytePointer(kernel);
             FrugalNative.OpOptions options = new FrugalNative.OpOptions().impl(name);
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            WeightedOp.describe(d, params);
            NativeCalls.check(FrugalNative.frugal_bwconv2d_create(d, options, weights.memory(),
                    multiplier == null ? null : multiplier.memory(), bias == null ? null : bias.memory(), out));
            return new BinaryWeightConv2d(params, new FrugalNative.BWConv2dHandle(out.get(0)));
        }
    }

    /** A sibling sharing the packed weights, with its own state: one per thread runs in parallel. */
    @Override
    public BinaryWeightConv2d share() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_bwconv2d_share((FrugalNative.BWConv2dHandle) handleForShare(), out));
            return new BinaryWeightConv2d(params, new FrugalNative.BWConv2dHandle(out.get(0)));
        }
    }

    public Conv2dParams params() {
        return params;
    }

    @Override
    int execute(Pointer handle, Pointer src, Pointer dst) {
        return FrugalNative.frugal_bwconv2d_execute((FrugalNative.BWConv2dHandle) handle, src, dst);
    }

    @Override
    BytePointer implName(Pointer handle) {
        return FrugalNative.frugal_bwconv2d_impl_name((FrugalNative.BWConv2dHandle) handle);
    }

    @Override
    void destroy(Pointer handle) {
        FrugalNative.frugal_bwconv2d_destroy((FrugalNative.BWConv2dHandle) handle);
    }

    @Override
    public String toString() {
        return "BinaryWeightConv2d[" + params.descriptor() + ", " + kernel() + "]";
    }
}
