package io.frugal.runtime.lowering;

import io.frugal.BinaryWeightConv2d;
import io.frugal.Conv2dParams;
import io.frugal.Layout;
import io.frugal.Tensor;
import io.frugal.graph.Node;
import io.frugal.passes.SignConvRecognition;
import io.frugal.plan.Device;
import io.frugal.plan.Precision;
import java.util.List;

/**
 * Conv as a binary-weight (BWN) convolution (DESIGN §3.1, last line): full-precision NHWC
 * activations times +-alpha weights, alpha = mean |W| per output channel, binarized as the XNOR
 * kernels binarize (w &gt;= 0 is +alpha) and held as 1 bit each by {@link BinaryWeightConv2d}; bias
 * and activation fused. A Conv {@link SignConvRecognition} marked (its input was Sign(x)) stays
 * the XNOR convolution of {@link BinaryConvLowering}, as in every plan.
 */
final class BinaryWeightConvLowering {
    private BinaryWeightConvLowering() {}

    static void register(LoweringTable.Builder t) {
        t.add(Precision.BINARY_WEIGHTS, Device.CPU, BinaryWeightConvLowering::conv, "Conv");
    }

    static void conv(Node n, LoweringContext ctx) {
        if (SignConvRecognition.binaryInput(n)) {
            ctx.fallBack(n, Precision.BINARY); // an exported binarized layer is binary in any plan
            return;
        }
        Conv2dParams p = Fp32ConvLowerings.convParams(n, ctx);
        Tensor bias = Operands.optionalBias(n, ctx, 2, p.outChannels());
        ctx.emit(BinaryWeightConv2d.create(p, ctx.weights(n.inputs().get(1)), null, bias), Invoker.UNARY,
                List.of(ctx.input(n.inputs().get(0), Layout.NHWC)), List.of(ctx.output(n.outputs().get(0), Layout.NHWC)));
    }
}
