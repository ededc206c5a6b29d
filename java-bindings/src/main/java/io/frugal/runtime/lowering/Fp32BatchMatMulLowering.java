package io.frugal.runtime.lowering;

import io.frugal.BatchMatMul;
import io.frugal.BatchMatMulParams;
import io.frugal.graph.Node;
import java.util.List;

/** MatMul of two run-time operands (attention's Q x K^T and P x V), numpy broadcasting, in fp32 on the CPU. */
final class Fp32BatchMatMulLowering {
    private Fp32BatchMatMulLowering() {}

    static void lower(Node n, LoweringContext ctx) {
        if (io.frugal.passes.ActivationFusion.fused(n).kind() != io.frugal.Activation.Kind.NONE) {
            throw ctx.error("a fused activation on a MatMul of two run-time operands is not supported");
        }
        String a = Operands.input(n, ctx, 0, "A");
        String b = Operands.input(n, ctx, 1, "B");
        BatchMatMulParams p = BatchMatMulParams.of(ctx.shape(a), ctx.shape(b));
        ctx.emit(BatchMatMul.create(p), Invoker.TWO_SOURCES, List.of(a, b), n.outputs());
    }
}
