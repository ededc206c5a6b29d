package io.frugal.runtime.lowering;

import io.frugal.Concat;
import io.frugal.ConcatParams;
import io.frugal.Layout;
import io.frugal.graph.Node;
import io.frugal.plan.Device;
import io.frugal.plan.Precision;
import java.util.List;

/**
 * Operators that move data without arithmetic. Reshape, Flatten, Squeeze, Unsqueeze, Identity and
 * Dropout (inference) are views: no operator runs, the output is the input's memory. Concat joins;
 * Transpose and Slice are {@link Fp32ReorderLowerings}'.
 */
final class Fp32ShapeLowerings {
    private Fp32ShapeLowerings() {}

    static final Invoker CONCAT = (op, in, out) -> ((Concat) op).run(in, out[0]);

    static void register(LoweringTable.Builder t) {
        t.add(Precision.FP32, Device.CPU, Fp32ShapeLowerings::view, "Reshape", "Flatten", "Squeeze", "Unsqueeze",
                "Identity", "Dropout");
        t.add(Precision.FP32, Device.CPU, Fp32ShapeLowerings::concat, "Concat");
        Fp32ReorderLowerings.register(t);
    }

    static void view(Node n, LoweringContext ctx) {
        if (n.opType().equals("Dropout") && n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()) {
            throw ctx.error("the mask output of Dropout is not supported in inference");
        }
        ctx.alias(n.outputs().get(0), Operands.input(n, ctx, 0, "data"), 0);
    }

    static void concat(Node n, LoweringContext ctx) {
        List<String> inputs = n.inputs();
        long[][] shapes = new long[inputs.size()][];
        for (int i = 0; i < shapes.length; i++) shapes[i] = ctx.shape(Operands.input(n, ctx, i, "inputs"));
        if (!n.attribute("axis").isPresent()) throw ctx.error("attribute axis is missing");
        int axis = (int) n.intAttr("axis", 0);
        String y = n.outputs().get(0);
        if (Fp32ElementwiseLowerings.channelsLast(ctx, inputs, y)) {
            // The same join along the axis's place in [N, H, W, C].
            int logical = axis < 0 ? axis + 4 : axis;
            int physical = new int[] {0, 3, 1, 2}[logical];
            List<String> in = new java.util.ArrayList<>();
            long[][] phys = new long[inputs.size()][];
            for (int i = 0; i < phys.length; i++) {
                in.add(Fp32ElementwiseLowerings.nhwcOperand(ctx, inputs.get(i)));
                phys[i] = ctx.physicalShape(in.get(i));
            }
            ctx.emit(Concat.create(ConcatParams.of(physical, phys)), CONCAT, in, List.of(ctx.output(y, Layout.NHWC)));
            return;
        }
        ConcatParams p = ConcatParams.of(axis, shapes);
        ctx.emit(Concat.create(p), CONCAT, inputs, n.outputs());
    }
}
