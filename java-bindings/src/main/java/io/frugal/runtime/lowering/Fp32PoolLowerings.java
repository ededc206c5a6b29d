package io.frugal.runtime.lowering;

import io.frugal.Layout;
import io.frugal.Pool2d;
import io.frugal.Pool2dParams;
import io.frugal.graph.Node;
import io.frugal.plan.Device;
import io.frugal.plan.Precision;
import java.util.List;

/** MaxPool, AveragePool, GlobalMaxPool and GlobalAveragePool over NCHW in fp32 on the CPU. */
final class Fp32PoolLowerings {
    private Fp32PoolLowerings() {}

    static void register(LoweringTable.Builder t) {
        t.add(Precision.FP32, Device.CPU, Fp32PoolLowerings::pool, "MaxPool", "AveragePool");
        t.add(Precision.FP32, Device.CPU, Fp32PoolLowerings::globalPool, "GlobalMaxPool", "GlobalAveragePool");
    }

    static void pool(Node n, LoweringContext ctx) {
        long[] x = Operands.rank4(n, ctx, 0, "X");
        if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()) {
            throw ctx.error("the Indices output is not supported");
        }
        if (n.intAttr("storage_order", 0) != 0) throw ctx.error("storage_order=1 is not supported");
        boolean max = n.opType().equals("MaxPool");
        SpatialAttributes s = SpatialAttributes.read(n, ctx, x[2], x[3], null);
        Pool2dParams p = Pool2dParams.builder(max ? Pool2dParams.Kind.MAX : Pool2dParams.Kind.AVG).batch(x[0])
                .input(x[1], x[2], x[3]).kernel(s.kernelH(), s.kernelW()).stride(s.strideH(), s.strideW())
                .dilation(s.dilationH(), s.dilationW()).padding(s.padTop(), s.padLeft(), s.padBottom(), s.padRight())
                .ceilMode(n.intAttr("ceil_mode", 0) != 0).countIncludePad(n.intAttr("count_include_pad", 0) != 0)
                .layout(Layout.NHWC).build();
        emit(n, ctx, p);
    }

    static void globalPool(Node n, LoweringContext ctx) {
        long[] x = Operands.rank4(n, ctx, 0, "X");
        boolean max = n.opType().equals("GlobalMaxPool");
        Pool2dParams p = Pool2dParams.builder(max ? Pool2dParams.Kind.MAX : Pool2dParams.Kind.AVG).batch(x[0])
                .input(x[1], x[2], x[3]).global().layout(Layout.NHWC).build();
        emit(n, ctx, p);
    }

    /** Pools run channels-last, like the convolutions around them. */
    private static void emit(Node n, LoweringContext ctx, Pool2dParams p) {
        ctx.emit(Pool2d.create(p), Invoker.UNARY, List.of(ctx.input(n.inputs().get(0), Layout.NHWC)),
                List.of(ctx.output(n.outputs().get(0), Layout.NHWC)));
    }
}
