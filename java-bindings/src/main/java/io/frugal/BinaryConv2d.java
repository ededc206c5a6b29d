package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Arrays;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A binary (XNOR-Net) 2-D convolution with its weights binarized and packed once, for one input
 * shape: {@link DType#BIT} src [N, H, W, C] to F32 dst [N, OH, OW, OC], or to a thresholded BIT
 * dst of that shape ({@link BinaryConv2dParams#bitOutput}). The arithmetic is
 * {@code frugal_bconv2d_desc}'s in frugal.h (see {@link BinaryConv2dParams}): the multiplier is
 * given per output channel (e.g. a folded BatchNorm scale) or, when null, XNOR-Net's
 * {@code alpha[oc] = mean|W[oc]|}.
 *
 * <pre>{@code
 * BinaryConv2dParams b = BinaryConv2dParams.of(conv2dParams, BinaryConv2dParams.Padding.ZERO);
 * try (BinaryConv2d conv = BinaryConv2d.create(b, weights, null, bias);  // weights F32 [OC, IC/G, KH, KW]
 *      Tensor y = conv.run(bits)) { ... }                                   // bits: BIT [N, H, W, C]
 * }</pre>
 *
 * <p>Bits of a pixel's last word past C are ignored by every kernel (tensors made by
 * {@link Tensor#fromPackedBits} have them zero anyway).
 *
 * <p>With {@link BinaryConv2dParams#withActivationScaling()} the conv runs on the bits and their
 * per-pixel mean |x| ({@link #runScaled(Tensor, Tensor, Tensor)}; {@link BitPack#run(Tensor, Tensor, Tensor)}
 * makes both in one pass); {@link #run(Tensor, Tensor)} is then refused, and the other way round.
 */
public final class BinaryConv2d extends UnaryOp {
    private final BinaryConv2dParams params;

    private BinaryConv2d(BinaryConv2dParams params, Pointer handle) {
        super("bconv2d", handle, params.inputShape(), DType.BIT, params.outputShape(), params.dstType());
        this.params = params;
    }

    /** Chooses the fastest kernel for an F32 dst; multiplier and bias F32 [outChannels] or null. */
    public static BinaryConv2d create(BinaryConv2dParams params, Tensor weights, Tensor multiplier, Tensor bias) {
        return create(params, weights, multiplier, bias, null, null);
    }

    /** Like {@link #create(BinaryConv2dParams, Tensor, Tensor, Tensor)} with the kernel pinned (F32 dst). */
    public static BinaryConv2d create(BinaryConv2dParams params, Tensor weights, Tensor multiplier, Tensor bias,
                                      String kernel) {
        return create(params, weights, multiplier, bias, null, kernel);
    }

    /**
     * The general form: threshold F32 [outChannels] for a BIT dst (required there, null for F32),
     * and the kernel pinned by name or prefix ({@code "avx512:xnor"}, {@code "avx2:xnor"},
     * {@code "ref"}); null pins nothing.
     *
     * @throws FrugalException INVALID_ARGUMENT for NaN or infinite weights, multiplier or bias;
     *                         UNIMPLEMENTED / UNSUPPORTED_ISA if the pinned kernel cannot serve
     */
    public static BinaryConv2d create(BinaryConv2dParams params, Tensor weights, Tensor multiplier, Tensor bias,
                                      Tensor threshold, String kernel) {
        Objects.requireNonNull(params, "bconv2d: params are null");
        WeightedOp.checkWeights("bconv2d", weights, params.weightShape(), bias, params.outChannels());
        checkPerChannel("multiplier", multiplier, params.outChannels());
        checkPerChannel("threshold", threshold, params.outChannels());
        if (params.dstType() == DType.BIT && threshold == null) {
            throw new IllegalArgumentException("bconv2d: a BIT destination needs thresholds");
        }
        if (params.dstType() != DType.BIT && threshold != null) {
            throw new IllegalArgumentException("bconv2d: thresholds are for a BIT destination only (this one is "
                    + params.dstType() + ")");
        }
        Conv2dParams g = params.geometry();
        try (FrugalNative.BConv2dDesc d = new FrugalNative.BConv2dDesc();
             BytePointer name = kernel == null ? null : new BytePointer(kernel);
             FrugalNative.OpOptions options = new FrugalNative.OpOptions().impl(name);
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            d.batch(g.batch()).in_channels(g.inChannels()).in_h(g.inH()).in_w(g.inW())
                    .out_channels(g.outChannels()).kernel_h(g.kernelH()).kernel_w(g.kernelW())
                    .stride_h(g.strideH()).stride_w(g.strideW()).pad_top(g.padTop())
                    .pad_left(g.padLeft()).pad_bottom(g.padBottom()).pad_right(g.padRight())
                    .dilation_h(g.dilationH()).dilation_w(g.dilationW()).groups(g.groups())
                    .layout(g.layout().ordinal())
                    .padding_mode(params.padding().ordinal()).dst_dtype(params.dstType().code())
                    .activation_scaling(params.activationScaling() ? 1 : 0);
            WeightedOp.activation(d.activation(), g.activation());
            NativeCalls.check(FrugalNative.frugal_bconv2d_create(d, options, weights.memory(),
                    multiplier == null ? null : multiplier.memory(), bias == null ? null : bias.memory(),
                    threshold == null ? null : threshold.memory(), out));
            return new BinaryConv2d(params, new FrugalNative.BConv2dHandle(out.get(0)));
        }
    }

    private static void checkPerChannel(String what, Tensor t, long channels) {
        if (t == null) return;
        t.checkOpen();
        if (t.dtype() != DType.F32) throw new IllegalArgumentException("bconv2d: " + what + " must be F32, got " + t.dtype());
        if (!t.shapeEquals(channels)) {
            throw new IllegalArgumentException("bconv2d: " + what + " shape " + Arrays.toString(t.shape()) + " does not match ["
                    + channels + "]");
        }
    }

    /** A sibling sharing the packed weights, with its own state: one per thread runs in parallel. */
    @Override
    public BinaryConv2d share() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_bconv2d_share((FrugalNative.BConv2dHandle) handleForShare(), out));
            return new BinaryConv2d(params, new FrugalNative.BConv2dHandle(out.get(0)));
        }
    }

    public BinaryConv2dParams params() {
        return params;
    }

    /** Runs an unscaled conv; a conv with activation scaling needs {@link #runScaled(Tensor, Tensor, Tensor)}. */
    @Override
    public synchronized void run(Tensor src, Tensor dst) {
        if (params.activationScaling()) {
            throw new IllegalArgumentException("bconv2d: this conv has activation scaling; run it with the source's mean |x| "
                    + "F32 " + Arrays.toString(params.meanAbsShape()) + " (runScaled(bits, meanAbs, dst))");
        }
        super.run(src, dst);
    }

    /**
     * Runs a conv with activation scaling: bits BIT [N, H, W, C], meanAbs F32 [N, H, W] (the mean
     * |x| over each pixel's channels), dst as {@link #run(Tensor, Tensor)}. Allocates nothing.
     */
    public synchronized void runScaled(Tensor bits, Tensor meanAbs, Tensor dst) {
        Pointer handle = openHandle();
        if (!params.activationScaling()) {
            throw new IllegalArgumentException("bconv2d: this conv has no activation scaling (see "
                    + "BinaryConv2dParams.withActivationScaling()); use run(src, dst)");
        }
        checkOperand("src", -1, bits, DType.BIT, params.inputShape());
        checkOperand("meanAbs", -1, meanAbs, DType.F32, params.meanAbsShape());
        checkOutput(dst, params.dstType());
        if (bits.overlaps(dst) || meanAbs.overlaps(dst)) {
            throw new IllegalArgumentException("bconv2d: src or meanAbs overlaps dst; in-place runs are not supported");
        }
        NativeCalls.check(FrugalNative.frugal_bconv2d_execute_scaled((FrugalNative.BConv2dHandle) handle, bits.memory(),
                meanAbs.memory(), dst.memory()));
    }

    /**
     * Like {@link #runScaled(Tensor, Tensor, Tensor)} into a new tensor, which the caller closes.
     * (Not an overload of run: {@code run(src, dst)} already takes two tensors.)
     */
    public Tensor runScaled(Tensor bits, Tensor meanAbs) {
        return runInto(params.dstType(), dst -> runScaled(bits, meanAbs, dst));
    }

    @Override
    int execute(Pointer handle, Pointer src, Pointer dst) {
        return FrugalNative.frugal_bconv2d_execute((FrugalNative.BConv2dHandle) handle, src, dst);
    }

    @Override
    BytePointer implName(Pointer handle) {
        return FrugalNative.frugal_bconv2d_impl_name((FrugalNative.BConv2dHandle) handle);
    }

    @Override
    void destroy(Pointer handle) {
        FrugalNative.frugal_bconv2d_destroy((FrugalNative.BConv2dHandle) handle);
    }

    @Override
    public String toString() {
        return "BinaryConv2d[" + params.descriptor() + ", " + kernel() + ", in " + Arrays.toString(params.inputShape()) + "]";
    }
}
