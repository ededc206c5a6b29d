package io.frugal.runtime.lowering;

import io.frugal.Reduce;
import io.frugal.ReduceParams;
import io.frugal.graph.Node;
import io.frugal.plan.Device;
import io.frugal.plan.Precision;
import java.util.List;
import java.util.Map;

/** ReduceMean, ReduceSum, ReduceMax, ReduceMin, ReduceProd, ReduceL2 and ReduceSumSquare in fp32 on the CPU. */
final class Fp32ReduceLowerings {
    private Fp32ReduceLowerings() {}

    private static final Map<String, ReduceParams.Kind> KINDS = Map.of("ReduceMean", ReduceParams.Kind.MEAN, "ReduceSum",
            ReduceParams.Kind.SUM, "ReduceMax", ReduceParams.Kind.MAX, "ReduceMin", ReduceParams.Kind.MIN, "ReduceProd",
            ReduceParams.Kind.PROD, "ReduceL2", ReduceParams.Kind.L2, "ReduceSumSquare", ReduceParams.Kind.SUM_SQUARE);

    static void register(LoweringTable.Builder t) {
        t.add(Precision.FP32, Device.CPU, Fp32ReduceLowerings::reduce, KINDS.keySet().toArray(String[]::new));
    }

    static void reduce(Node n, LoweringContext ctx) {
        String x = Operands.input(n, ctx, 0, "data");
        long[] axes;
        if (n.opType().equals("ReduceSum") && ctx.opset() >= 13) {
            // Opset 13 moved ReduceSum's axes to an optional input.
            axes = Operands.has(n, 1) ? ctx.constant(Operands.constantInput(n, ctx, 1, "axes")).toLongArray() : new long[0];
        } else {
            axes = n.intsAttr("axes", new long[0]);
        }
        if (axes.length == 0 && n.intAttr("noop_with_empty_axes", 0) != 0) {
            ctx.alias(n.outputs().get(0), x, 0);
            return;
        }
        int[] ax = new int[axes.length];
        for (int i = 0; i < ax.length; i++) ax[i] = Math.toIntExact(axes[i]);
        ReduceParams p = ReduceParams.of(KINDS.get(n.opType()), ctx.shape(x), ax);
        String y = ctx.view(n.outputs().get(0), p.outputShape());
        ctx.emit(Reduce.create(p), Invoker.UNARY, List.of(x), List.of(y));
    }
}
