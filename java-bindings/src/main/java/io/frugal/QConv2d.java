package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Arrays;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * An int8 2-D convolution (post-training quantization, symmetric, zero points 0) with its weights
 * quantized per output channel and packed once, for one input shape. The arithmetic is
 * {@code frugal_qconv2d_desc}'s in frugal.h: s32 accumulation of u8/s8 src times s8 weights,
 * {@code y = act(srcScale * s_w[oc] * acc + bias)}, then F32, or U8/S8 requantized with dstScale.
 *
 * <pre>{@code
 * QConv2dParams q = QConv2dParams.of(conv2dParams, DType.U8, 0.02f, DType.S8, 0.05f);
 * try (QConv2d conv = QConv2d.create(q, weights, bias);      // weights: F32 [OC, IC/G, KH, KW]
 *      Tensor y = conv.run(x)) { ... }                         // x: U8, y: S8
 * }</pre>
 */
public final class QConv2d extends UnaryOp {
    private final QConv2dParams params;

    private QConv2d(QConv2dParams params, Pointer handle) {
        super("qconv2d", handle, params.inputShape(), params.srcType(), params.outputShape(), params.dstType());
        this.params = params;
    }

    /** Chooses the fastest kernel that serves params, quantizes and packs the weights (F32; bias F32 or null). */
    public static QConv2d create(QConv2dParams params, Tensor weights, Tensor bias) {
        return create(params, weights, bias, null);
    }

    /**
     * Like {@link #create(QConv2dParams, Tensor, Tensor)}, with the kernel pinned by name or prefix
     * ({@code "onednn"}, {@code "avx512:int8_s16"}, {@code "avx2:int8_s16"}, {@code "ref"}); null pins
     * nothing.
     *
     * @throws FrugalException INVALID_ARGUMENT for NaN or infinite weights or bias; UNIMPLEMENTED if
     *                         no (or not the pinned) kernel serves params
     */
    public static QConv2d create(QConv2dParams params, Tensor weights, Tensor bias, String kernel) {
        Objects.requireNonNull(params, "qconv2d: params are null");
        WeightedOp.checkWeights("qconv2d", weights, params.weightShape(), bias, params.outChannels());
        Conv2dParams g = params.geometry();
        try (FrugalNative.QConv2dDesc d = new FrugalNative.QConv2dDesc();
             BytePointer name = kernel == null ? null : new BytePointer(kernel);
             FrugalNative.OpOptions options = new FrugalNative.OpOptions().impl(name);
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            d.batch(g.batch()).in_channels(g.inChannels()).in_h(g.inH()).in_w(g.inW())
                    .out_channels(g.outChannels()).kernel_h(g.kernelH()).kernel_w(g.kernelW())
                    .stride_h(g.strideH()).stride_w(g.strideW()).pad_top(g.padTop())
                    .pad_left(g.padLeft()).pad_bottom(g.padBottom()).pad_right(g.padRight())
                    .dilation_h(g.dilationH()).dilation_w(g.dilationW()).groups(g.groups())
                    .layout(g.layout().ordinal())
                    .src_dtype(params.srcType().code()).src_scale(params.srcScale())
                    .dst_dtype(params.dstType().code()).dst_scale(params.dstType() == DType.F32 ? 1f : params.dstScale());
            WeightedOp.activation(d.activation(), g.activation());
            NativeCalls.check(FrugalNative.frugal_qconv2d_create(d, options, weights.memory(),
                    bias == null ? null : bias.memory(), out));
            return new QConv2d(params, new FrugalNative.QConv2dHandle(out.get(0)));
        }
    }

    /** A sibling sharing the packed weights, with its own buffers: one per thread runs in parallel. */
    @Override
    public QConv2d share() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_qconv2d_share((FrugalNative.QConv2dHandle) handleForShare(), out));
            return new QConv2d(params, new FrugalNative.QConv2dHandle(out.get(0)));
        }
    }

    public QConv2dParams params() {
        return params;
    }

    /** The per-output-channel weight scales s_w this operator computes with ([outChannels]). */
    public synchronized float[] weightScales() {
        Pointer handle = openHandle();
        float[] scales = new float[(int) params.outChannels()];
        NativeCalls.check(FrugalNative.frugal_qconv2d_weight_scales((FrugalNative.QConv2dHandle) handle, scales,
                scales.length));
        return scales;
    }

    @Override
    int execute(Pointer handle, Pointer src, Pointer dst) {
        return FrugalNative.frugal_qconv2d_execute((FrugalNative.QConv2dHandle) handle, src, dst);
    }

    @Override
    BytePointer implName(Pointer handle) {
        return FrugalNative.frugal_qconv2d_impl_name((FrugalNative.QConv2dHandle) handle);
    }

    @Override
    void destroy(Pointer handle) {
        FrugalNative.frugal_qconv2d_destroy((FrugalNative.QConv2dHandle) handle);
    }

    @Override
    public String toString() {
        return "QConv2d[" + params.descriptor() + ", " + kernel() + ", in " + Arrays.toString(params.inputShape()) + "]";
    }
}
