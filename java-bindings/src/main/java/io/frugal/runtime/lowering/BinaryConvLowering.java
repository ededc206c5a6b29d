package io.frugal.runtime.lowering;

import io.frugal.BinaryConv2d;
import io.frugal.BinaryConv2dParams;
import io.frugal.BitPack;
import io.frugal.BitPackParams;
import io.frugal.Conv2dParams;
import io.frugal.DType;
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
 * binarized network: its input was Sign(x)) whatever the plan. A convolution the binary kernels
 * do not serve (groups whose channels do not fill 64-bit words, e.g. depthwise) runs in FP32
 * under a BINARY plan, like any operator a precision lacks; a marked one is an error, since
 * dropping its Sign would change the model.
 */
final class BinaryConvLowering {
    private BinaryConvLowering() {}

    static void register(LoweringTable.Builder t) {
        t.add(Precision.BINARY, Device.CPU, BinaryConvLowering::conv, "Conv");
    }

    /** Whether the binary kernels serve p (groups > 1 needs whole words of channels per group). */
    static boolean serves(Conv2dParams p) {
        return p.groups() == 1 || (p.inChannels() / p.groups()) % 64 == 0;
    }

    static void conv(Node n, LoweringContext ctx) {
        Conv2dParams p = Fp32ConvLowerings.convParams(n, ctx);
        if (!serves(p)) {
            if (SignConvRecognition.binaryInput(n)) {
                throw ctx.error("a binary convolution with " + p.inChannels() / p.groups() + " input channels per group: the XNOR"
                        + " kernels need groups == 1 or a multiple of 64 channels per group");
            }
            ctx.fallBack(n, Precision.FP32);
            return;
        }
        String x = ctx.input(n.inputs().get(0), Layout.NHWC);
        long[] nhwc = ctx.physicalShape(x);
        String bits = ctx.temporary(DType.BIT, nhwc);
        ctx.emit(BitPack.create(BitPackParams.pack(nhwc)), Invoker.UNARY, List.of(x), List.of(bits));
        Tensor bias = Operands.optionalBias(n, ctx, 2, p.outChannels());
        BinaryConv2dParams bp = BinaryConv2dParams.of(p, BinaryConv2dParams.Padding.ZERO);
        ctx.emit(BinaryConv2d.create(bp, ctx.weights(n.inputs().get(1)), null, bias), Invoker.UNARY, List.of(bits),
                List.of(ctx.output(n.outputs().get(0), Layout.NHWC)));
    }
}
