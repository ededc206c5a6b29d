package io.frugal.runtime.lowering;

import io.frugal.graph.Node;

/** MatMul of two run-time operands (attention). */
final class Fp32BatchMatMulLowering {
    private Fp32BatchMatMulLowering() {}

    static void lower(Node n, LoweringContext ctx) {
        throw ctx.error("a MatMul whose B is not a 2-D constant is not supported yet (B " + java.util.Arrays.toString(
                ctx.shape(n.inputs().get(1))) + ")");
    }
}
