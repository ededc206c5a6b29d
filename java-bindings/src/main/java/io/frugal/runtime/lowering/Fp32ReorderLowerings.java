package io.frugal.runtime.lowering;

import io.frugal.Reorder;
import io.frugal.ReorderParams;
import io.frugal.graph.Node;
import io.frugal.plan.Device;
import io.frugal.plan.Precision;
import java.util.List;

/**
 * Transpose and Slice in fp32 on the CPU: strided copies through {@link Reorder}. A slice that is
 * one contiguous run of its input (attention's q, k, v out of one [3, ...] tensor) becomes a view
 * instead, and costs nothing.
 */
final class Fp32ReorderLowerings {
    private Fp32ReorderLowerings() {}

    static void register(LoweringTable.Builder t) {
        t.add(Precision.FP32, Device.CPU, Fp32ReorderLowerings::transpose, "Transpose");
        t.add(Precision.FP32, Device.CPU, Fp32ReorderLowerings::slice, "Slice");
    }

    static void transpose(Node n, LoweringContext ctx) {
        String x = Operands.input(n, ctx, 0, "data");
        long[] perm = n.intsAttr("perm", null);
        int[] p = null;
        if (perm != null) {
            p = new int[perm.length];
            for (int i = 0; i < p.length; i++) p[i] = Math.toIntExact(perm[i]);
        }
        emitOrView(n, ctx, x, ReorderParams.transpose(ctx.shape(x), p));
    }

    static void slice(Node n, LoweringContext ctx) {
        String x = Operands.input(n, ctx, 0, "data");
        long[] starts, ends, axes, steps = null;
        if (ctx.opset() < 10) {
            starts = n.intsAttr("starts", null);
            ends = n.intsAttr("ends", null);
            axes = n.intsAttr("axes", null);
            if (starts == null || ends == null) throw ctx.error("attributes starts and ends are required");
        } else {
            starts = longs(n, ctx, 1, "starts");
            ends = longs(n, ctx, 2, "ends");
            axes = Operands.has(n, 3) ? longs(n, ctx, 3, "axes") : null;
            steps = Operands.has(n, 4) ? longs(n, ctx, 4, "steps") : null;
        }
        emitOrView(n, ctx, x, ReorderParams.slice(ctx.shape(x), starts, ends, axes, steps));
    }

    private static long[] longs(Node n, LoweringContext ctx, int i, String what) {
        return ctx.constant(Operands.constantInput(n, ctx, i, what)).toLongArray();
    }

    private static void emitOrView(Node n, LoweringContext ctx, String x, ReorderParams p) {
        String y = n.outputs().get(0);
        if (isContiguous(p)) {
            ctx.alias(y, x, p.srcOffset());
            return;
        }
        ctx.emit(Reorder.create(p), Invoker.UNARY, List.of(x), List.of(ctx.view(y, p.dstShape())));
    }

    /** Whether the strided view reads one dense run: each axis of extent > 1 steps by the product of the extents after it. */
    static boolean isContiguous(ReorderParams p) {
        long[] dims = p.dstShape();
        long[] strides = p.srcStrides();
        long dense = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            if (dims[i] != 1 && strides[i] != dense) return false;
            dense *= dims[i];
        }
        return true;
    }
}
