package io.frugal.runtime.lowering;

import io.frugal.Layout;
import io.frugal.Resize;
import io.frugal.ResizeParams;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.Node;
import io.frugal.plan.Device;
import io.frugal.plan.Precision;
import java.util.List;

/** ONNX Resize (opsets 10 to 17) over the H and W of an NCHW tensor, in fp32 on the CPU. */
final class Fp32ResizeLowering {
    private Fp32ResizeLowering() {}

    static void register(LoweringTable.Builder t) {
        t.add(Precision.FP32, Device.CPU, Fp32ResizeLowering::resize, "Resize");
    }

    static void resize(Node n, LoweringContext ctx) {
        long[] x = Operands.rank4(n, ctx, 0, "X");
        ResizeParams.Builder b = ResizeParams.builder().input(x)
                .mode(ResizeParams.Mode.fromOnnx(n.stringAttr("mode", "nearest")));
        if (n.intAttr("exclude_outside", 0) != 0) throw ctx.error("exclude_outside=1 is not supported");
        float[] scales = null;
        long[] sizes = null;
        if (ctx.opset() < 11) {
            scales = ctx.constant(Operands.constantInput(n, ctx, 1, "scales")).toFloatArray();
        } else {
            if (Operands.has(n, 3)) {
                sizes = ctx.constant(Operands.constantInput(n, ctx, 3, "sizes")).toLongArray();
            } else if (Operands.has(n, 2)) {
                ConstantTensor s = ctx.constant(Operands.constantInput(n, ctx, 2, "scales"));
                if (s.numElements() > 0) scales = s.toFloatArray();
            }
            if (scales == null && sizes == null) throw ctx.error("neither scales nor sizes is given");
        }
        if (sizes != null) {
            b.onnxSizes(sizes);
        } else {
            b.onnxScales(scales);
        }
        if (ctx.opset() < 11) {
            // Resize-10 has neither attribute: ONNX Runtime transforms asymmetrically and, for
            // nearest, floors when enlarging and rounds up when shrinking.
            b.coordinateMode(ResizeParams.CoordinateMode.ASYMMETRIC);
            boolean up = scales[2] >= 1 && scales[3] >= 1;
            boolean down = scales[2] < 1 && scales[3] < 1;
            if (!up && !down) throw ctx.error("Resize-10 enlarging one axis and shrinking the other is not supported");
            b.nearestMode(up ? ResizeParams.NearestMode.FLOOR : ResizeParams.NearestMode.CEIL);
        } else {
            b.coordinateMode(ResizeParams.CoordinateMode.fromOnnx(n.stringAttr("coordinate_transformation_mode", "half_pixel")))
                    .nearestMode(ResizeParams.NearestMode.fromOnnx(n.stringAttr("nearest_mode", "round_prefer_floor")));
        }
        // Channels-last, like the convolutions that feed it and read it.
        b.layout(Layout.NHWC);
        ctx.emit(Resize.create(b.build()), Invoker.UNARY, List.of(ctx.input(n.inputs().get(0), Layout.NHWC)),
                List.of(ctx.output(n.outputs().get(0), Layout.NHWC)));
    }
}
