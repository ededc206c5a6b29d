package io.frugal.runtime.lowering;

import io.frugal.Conv2d;
import io.frugal.Conv2dParams;
import io.frugal.ConvTranspose2d;
import io.frugal.ConvTranspose2dParams;
import io.frugal.Layout;
import io.frugal.Tensor;
import io.frugal.graph.Node;
import io.frugal.passes.ActivationFusion;
import io.frugal.plan.Device;
import io.frugal.plan.Precision;
import java.util.Arrays;
import java.util.List;

/** Conv and ConvTranspose in fp32 on the CPU: weights packed once, bias and activation fused. */
final class Fp32ConvLowerings {
    private Fp32ConvLowerings() {}

    static void register(LoweringTable.Builder t) {
        t.add(Precision.FP32, Device.CPU, Fp32ConvLowerings::conv, "Conv");
        t.add(Precision.FP32, Device.CPU, Fp32ConvLowerings::convTranspose, "ConvTranspose");
    }

    static void conv(Node n, LoweringContext ctx) {
        long[] x = Operands.rank4(n, ctx, 0, "X");
        String w = Operands.constantInput(n, ctx, 1, "W");
        long[] ws = ctx.shape(w);
        if (ws.length != 4) throw ctx.error("W has shape " + Arrays.toString(ws) + "; only 2-D convolution is supported");
        long group = n.intAttr("group", 1);
        SpatialAttributes s = SpatialAttributes.read(n, ctx, x[2], x[3], new long[] {ws[2], ws[3]});
        Conv2dParams p = Conv2dParams.builder().batch(x[0]).input(x[1], x[2], x[3]).outChannels(ws[0])
                .kernel(ws[2], ws[3]).stride(s.strideH(), s.strideW()).dilation(s.dilationH(), s.dilationW())
                .padding(s.padTop(), s.padLeft(), s.padBottom(), s.padRight()).groups(group)
                .activation(ActivationFusion.fused(n)).layout(Layout.NHWC).build();
        if (p.inChannels() / group != ws[1]) {
            throw ctx.error("W has " + ws[1] + " input channels per group; X has " + x[1] + " channels in " + group + " groups");
        }
        Tensor bias = Operands.optionalBias(n, ctx, 2, ws[0]);
        // Channels-last between convolutions: oneDNN's fast paths (1x1 as GEMM, depthwise) want it.
        ctx.emit(Conv2d.create(p, ctx.weights(w), bias), Invoker.UNARY, List.of(ctx.input(n.inputs().get(0), Layout.NHWC)),
                List.of(ctx.output(n.outputs().get(0), Layout.NHWC)));
    }

    static void convTranspose(Node n, LoweringContext ctx) {
        long[] x = Operands.rank4(n, ctx, 0, "X");
        String w = Operands.constantInput(n, ctx, 1, "W");
        long[] ws = ctx.shape(w);
        if (ws.length != 4) throw ctx.error("W has shape " + Arrays.toString(ws) + "; only 2-D transposed convolution is supported");
        if (ws[0] != x[1]) throw ctx.error("W has " + ws[0] + " input channels; X has " + x[1]);
        long group = n.intAttr("group", 1);
        long outChannels = ws[1] * group;
        String autoPad = n.stringAttr("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            throw ctx.error("auto_pad " + autoPad + " is not supported for ConvTranspose; give pads or output_shape");
        }
        SpatialAttributes s = SpatialAttributes.read(n, ctx, x[2], x[3], new long[] {ws[2], ws[3]});
        long[] outPad = n.intsAttr("output_padding", new long[] {0, 0});
        if (outPad.length != 2) throw ctx.error("output_padding " + Arrays.toString(outPad) + " must have 2 entries");
        long padTop = s.padTop(), padLeft = s.padLeft(), padBottom = s.padBottom(), padRight = s.padRight();
        long[] outputShape = n.intsAttr("output_shape", null);
        if (outputShape != null) {
            // ONNX: total padding follows from the requested size; the odd pixel goes at the end.
            long[] hw = Arrays.copyOfRange(outputShape, outputShape.length - 2, outputShape.length);
            long totalH = s.strideH() * (x[2] - 1) + outPad[0] + ((s.kernelH() - 1) * s.dilationH() + 1) - hw[0];
            long totalW = s.strideW() * (x[3] - 1) + outPad[1] + ((s.kernelW() - 1) * s.dilationW() + 1) - hw[1];
            if (totalH < 0 || totalW < 0) throw ctx.error("output_shape " + Arrays.toString(outputShape) + " is too large");
            padTop = totalH / 2;
            padBottom = totalH - padTop;
            padLeft = totalW / 2;
            padRight = totalW - padLeft;
        }
        ConvTranspose2dParams p = ConvTranspose2dParams.builder().batch(x[0]).input(x[1], x[2], x[3])
                .outChannels(outChannels).kernel(ws[2], ws[3]).stride(s.strideH(), s.strideW())
                .dilation(s.dilationH(), s.dilationW()).padding(padTop, padLeft, padBottom, padRight)
                .outputPadding(outPad[0], outPad[1]).groups(group).activation(ActivationFusion.fused(n)).layout(Layout.NHWC)
                .build();
        Tensor bias = Operands.optionalBias(n, ctx, 2, outChannels);
        ctx.emit(ConvTranspose2d.create(p, ctx.weights(w), bias), Invoker.UNARY,
                List.of(ctx.input(n.inputs().get(0), Layout.NHWC)), List.of(ctx.output(n.outputs().get(0), Layout.NHWC)));
    }
}
