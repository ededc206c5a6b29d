package io.frugal.runtime.lowering;

import io.frugal.Conv2dParams;
import io.frugal.Layout;
import io.frugal.QConv2d;
import io.frugal.QConv2dParams;
import io.frugal.Tensor;
import io.frugal.graph.Node;
import io.frugal.plan.Device;
import io.frugal.plan.Precision;
import java.util.List;

/**
 * Conv in INT8 on the CPU (DESIGN §4): the input in 8 bits at its calibrated scale, weights
 * quantized per output channel at create, s32 accumulation, bias and activation fused, and the
 * output requantized to 8 bits when its readers are int8 too (else dequantized to f32 in the
 * same step). NHWC, like the FP32 convolutions.
 */
final class Int8ConvLowering {
    private Int8ConvLowering() {}

    static void register(LoweringTable.Builder t) {
        t.add(Precision.INT8, Device.CPU, Int8ConvLowering::conv, "Conv");
        t.readsQuantized(Precision.INT8, Device.CPU, "Conv");
    }

    static void conv(Node n, LoweringContext ctx) {
        if (io.frugal.passes.SignConvRecognition.binaryInput(n)) {
            ctx.fallBack(n, Precision.BINARY); // an exported binarized layer is binary in any plan
            return;
        }
        Conv2dParams p = Fp32ConvLowerings.convParams(n, ctx);
        Tensor bias = Operands.optionalBias(n, ctx, 2, p.outChannels());
        QuantizedOperand in = ctx.quantizedInput(n.inputs().get(0), Layout.NHWC);
        QuantizedOperand out = ctx.quantizedOutput(n.outputs().get(0), Layout.NHWC);
        QConv2dParams q = QConv2dParams.of(p, in.dtype(), in.scale(), out.dtype(), out.isQuantized() ? out.scale() : 1f);
        ctx.emit(QConv2d.create(q, ctx.weights(n.inputs().get(1)), bias), Invoker.UNARY, List.of(in.name()), List.of(out.name()));
    }
}
