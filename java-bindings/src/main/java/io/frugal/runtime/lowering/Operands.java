package io.frugal.runtime.lowering;

import io.frugal.Tensor;
import io.frugal.graph.Node;
import java.util.Arrays;

/** Checked access to a node's operands, with errors that name the operand. */
final class Operands {
    private Operands() {}

    /** The value name of input i; an error if the node has no such input. */
    static String input(Node n, LoweringContext ctx, int i, String what) {
        if (n.inputs().size() <= i || n.inputs().get(i).isEmpty()) throw ctx.error("input " + i + " (" + what + ") is missing");
        return n.inputs().get(i);
    }

    /** Whether input i is present (ONNX optional inputs may be absent or named ""). */
    static boolean has(Node n, int i) {
        return n.inputs().size() > i && !n.inputs().get(i).isEmpty();
    }

    static String constantInput(Node n, LoweringContext ctx, int i, String what) {
        String v = input(n, ctx, i, what);
        if (!ctx.isConstant(v)) throw ctx.error("input " + i + " (" + what + ") must be a constant (an initializer)");
        return v;
    }

    /** The shape of input i, which must be rank 4 (N, C, H, W). */
    static long[] rank4(Node n, LoweringContext ctx, int i, String what) {
        long[] s = ctx.shape(input(n, ctx, i, what));
        if (s.length != 4) throw ctx.error(what + " has shape " + Arrays.toString(s) + "; only rank-4 NCHW inputs are supported");
        return s;
    }

    /** The constant bias at input i as an F32 tensor of length channels, or null when absent. */
    static Tensor optionalBias(Node n, LoweringContext ctx, int i, long channels) {
        if (!has(n, i)) return null;
        String b = constantInput(n, ctx, i, "B");
        long[] s = ctx.shape(b);
        if (io.frugal.graph.ConstantTensor.numElements(s) != channels) {
            throw ctx.error("B has shape " + Arrays.toString(s) + "; expected " + channels + " values");
        }
        return ctx.weights(ctx.constant(b).toFloatArray(), channels);
    }

    /** A scalar constant input (one element of any rank). */
    static float scalar(Node n, LoweringContext ctx, int i, String what) {
        String v = constantInput(n, ctx, i, what);
        io.frugal.graph.ConstantTensor t = ctx.constant(v);
        if (t.numElements() != 1) throw ctx.error(what + " must be a single value, got shape " + Arrays.toString(t.shape()));
        return t.floatAt(0);
    }
}
