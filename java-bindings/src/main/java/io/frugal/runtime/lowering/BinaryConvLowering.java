package io.frugal.runtime.lowering;

import io.frugal.Activation;
import io.frugal.BinaryConv2d;
import io.frugal.BinaryConv2dParams;
import io.frugal.Conv2dParams;
import io.frugal.Layout;
import io.frugal.Tensor;
import io.frugal.graph.Node;
import io.frugal.passes.SignConvRecognition;
import io.frugal.plan.Device;
import io.frugal.plan.Precision;
import java.util.List;

/**
 * Conv as an XNOR-popcount convolution (DESIGN §3.1): the NHWC input bit-packed by sign along
 * channels, the weights binarized at compile time with alpha = mean |W| per output channel
 * (XNOR-Net), bias and activation fused, padded taps counting zero (exactly a float convolution
 * of the +-1 data with zero padding).
 *
 * <p>Serves the BINARY precision, and any Conv {@link SignConvRecognition} marked (an exported
 * binarized network: its input was Sign(x)) whatever the plan. The kernels serve any grouping,
 * but a BINARY plan keeps depthwise convolutions in FP32 ({@link #runsBinary}); a marked one is
 * binary whatever its shape, since dropping its Sign would change the model.
 *
 * <p>When every reader of the output reads sign bits (the next binary layers), the convolution
 * writes the bits itself through per-channel thresholds, so chained binary layers never unpack.
 */
final class BinaryConvLowering {
    private BinaryConvLowering() {}

    static void register(LoweringTable.Builder t) {
        t.add(Precision.BINARY, Device.CPU, BinaryConvLowering::conv, "Conv");
        t.readsSignBits("Conv", BinaryConvLowering::runsBinary);
    }

    /**
     * Whether Conv n lowered at precision runs here, reading its input as sign bits: a Conv
     * {@link SignConvRecognition} marked, at any precision; under BINARY every Conv except
     * depthwise ones (one input channel per group: a binarized depthwise tap is a
     * single +-1 product, so they stay FP32, as the stem's RGB input would deserve too; keep it
     * FP32 with {@code Rules.firstAndLastLayers}).
     */
    static boolean runsBinary(Node n, Precision precision, LoweringContext ctx) {
        if (SignConvRecognition.binaryInput(n)) return true;
        if (precision != Precision.BINARY || n.inputs().size() < 2) return false;
        long[] w = ctx.shape(n.inputs().get(1));
        long groups = n.intAttr("group", 1);
        return w.length == 4 && serves(groups, w[1]);
    }

    /**
     * Whether a BINARY plan binarizes a conv of groups with icg input channels per group: all but
     * depthwise ones (see {@link #runsBinary}). The kernels serve any grouping.
     */
    private static boolean serves(long groups, long icg) {
        return groups == 1 || icg > 1;
    }

    static void conv(Node n, LoweringContext ctx) {
        Conv2dParams p = Fp32ConvLowerings.convParams(n, ctx);
        if (!SignConvRecognition.binaryInput(n) && !serves(p.groups(), p.inChannels() / p.groups())) {
            ctx.fallBack(n, Precision.FP32);
            return;
        }
        String bits = ctx.signBits(n.inputs().get(0));
        Tensor bias = Operands.optionalBias(n, ctx, 2, p.outChannels());
        Tensor weights = ctx.weights(n.inputs().get(1));
        String y = n.outputs().get(0);
        Float threshold = signThreshold(p.activation());
        String yBits = threshold == null ? null : ctx.signBitsOutput(y);
        if (yBits != null) {
            // Every reader packs y's signs: write them directly, bit = act(y) < 0 <=> y < threshold.
            Conv2dParams g = new Conv2dParams(p.batch(), p.inChannels(), p.inH(), p.inW(), p.outChannels(), p.kernelH(),
                    p.kernelW(), p.strideH(), p.strideW(), p.padTop(), p.padLeft(), p.padBottom(), p.padRight(), p.dilationH(),
                    p.dilationW(), p.groups(), p.layout(), Activation.none());
            float[] t = new float[(int) p.outChannels()];
            java.util.Arrays.fill(t, threshold);
            ctx.emit(BinaryConv2d.create(BinaryConv2dParams.bitOutput(g, BinaryConv2dParams.Padding.ZERO), weights, null, bias,
                    ctx.weights(t, p.outChannels()), null), Invoker.UNARY, List.of(bits), List.of(yBits));
            return;
        }
        BinaryConv2dParams bp = BinaryConv2dParams.of(p, BinaryConv2dParams.Padding.ZERO);
        ctx.emit(BinaryConv2d.create(bp, weights, null, bias), Invoker.UNARY, List.of(bits),
                List.of(ctx.output(y, Layout.NHWC)));
    }

    /**
     * The threshold t on the pre-activation value v with sign(act(v)) = -1 exactly when v &lt; t, for
     * activations where one exists: none and leaky ReLU with a slope &gt;= 0 (t = 0; ReLU itself is
     * never negative: t = -inf) and Clip (t = 0 when min &lt; 0 &lt;= max). Null for the others
     * (HardSwish is negative only on (-3, 0)): their output is written in f32 and packed after.
     */
    static Float signThreshold(Activation a) {
        return switch (a.kind()) {
            case NONE -> 0f;
            case RELU -> a.alpha() > 0 ? 0f : a.alpha() == 0 ? Float.NEGATIVE_INFINITY : null;
            case CLIP -> a.beta() < 0 ? Float.POSITIVE_INFINITY : a.alpha() < 0 ? 0f : Float.NEGATIVE_INFINITY;
            default -> null;
        };
    }
}
