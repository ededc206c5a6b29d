package io.frugal.runtime.lowering;

import io.frugal.Conv2d;
import io.frugal.Conv2dParams;
import io.frugal.ConvTranspose2d;
import io.frugal.ConvTranspose2dParams;
import io.frugal.Layout;
import io.frugal.Reorder;
import io.frugal.ReorderParams;
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

    /** The convolution a Conv node describes (NHWC, fused activation), checked against its constant W. */
    static Conv2dParams convParams(Node n, LoweringContext ctx) {
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
        return p;
    }

    static void conv(Node n, LoweringContext ctx) {
        if (io.frugal.passes.SignConvRecognition.binaryInput(n)) {
            ctx.fallBack(n, io.frugal.plan.Precision.BINARY); // an exported binarized layer is binary in any plan
            return;
        }
        Conv2dParams p = convParams(n, ctx);
        Tensor bias = Operands.optionalBias(n, ctx, 2, p.outChannels());
        // Channels-last between convolutions: oneDNN's fast paths (1x1 as GEMM, depthwise) want it.
        ctx.emit(Conv2d.create(p, ctx.weights(n.inputs().get(1)), bias), Invoker.UNARY,
                List.of(ctx.input(n.inputs().get(0), Layout.NHWC)), List.of(ctx.output(n.outputs().get(0), Layout.NHWC)));
    }

    /**
     * A transposed convolution whose kernel equals its stride (no padding, groups or dilation) writes
     * each input pixel to its own kh x kw output block: a 1x1 convolution to kh*kw*OC channels, then
     * a depth-to-space copy. oneDNN's deconvolution is slow at few output channels (det's last layer
     * has one); a 1x1 conv is a plain GEMM.
     */
    private static void convTransposeAsPixelShuffle(Node n, LoweringContext ctx, long[] x, float[] w, long[] ws, long oc) {
        long ic = ws[0], kh = ws[2], kw = ws[3], taps = kh * kw;
        // 1x1 weights [taps*OC, IC, 1, 1], channel (a*kw + b)*OC + o, so each tap's OC outputs are contiguous in NHWC.
        float[] w1 = new float[(int) (taps * oc * ic)];
        for (long i = 0; i < ic; i++) {
            for (long o = 0; o < oc; o++) {
                for (long t = 0; t < taps; t++) w1[(int) ((t * oc + o) * ic + i)] = w[(int) (((i * oc) + o) * taps + t)];
            }
        }
        Tensor bias = null;
        if (Operands.has(n, 2)) {
            float[] b = ctx.constant(Operands.constantInput(n, ctx, 2, "B")).toFloatArray();
            if (b.length != oc) throw ctx.error("B has " + b.length + " values; expected " + oc);
            float[] b1 = new float[(int) (taps * oc)];
            for (int i = 0; i < b1.length; i++) b1[i] = b[(int) (i % oc)];
            bias = ctx.weights(b1, taps * oc);
        }
        Conv2dParams p = Conv2dParams.builder().batch(x[0]).input(ic, x[2], x[3]).outChannels(taps * oc).kernel(1, 1)
                .activation(ActivationFusion.fused(n)).layout(Layout.NHWC).build();
        String taps4 = ctx.temporary(x[0], taps * oc, x[2], x[3]);
        String written = ctx.output(taps4, Layout.NHWC);
        ctx.emit(Conv2d.create(p, ctx.weights(w1, taps * oc, ic, 1, 1), bias), Invoker.UNARY,
                List.of(ctx.input(n.inputs().get(0), Layout.NHWC)), List.of(written));
        // [N, H, W, (a, b, o)] -> [N, H, a, W, b, o], which is the NHWC output [N, H*kh, W*kw, OC].
        long h = x[2], wd = x[3];
        long[] dst = {x[0], h, kh, wd, kw, oc};
        long[] strides = {h * wd * taps * oc, wd * taps * oc, kw * oc, taps * oc, oc, 1};
        ReorderParams shuffle = ReorderParams.strided(ctx.physicalShape(written), dst, strides, 0);
        String y = ctx.output(n.outputs().get(0), Layout.NHWC);
        ctx.emit(Reorder.create(shuffle), Invoker.UNARY, List.of(written), List.of(ctx.view(y, dst)));
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
        if (group == 1 && s.strideH() == s.kernelH() && s.strideW() == s.kernelW() && s.dilationH() == 1
                && s.dilationW() == 1 && padTop == 0 && padLeft == 0 && padBottom == 0 && padRight == 0 && outPad[0] == 0
                && outPad[1] == 0) {
            convTransposeAsPixelShuffle(n, ctx, x, ctx.constant(w).toFloatArray(), ws, outChannels);
            return;
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
