package io.frugal.runtime.lowering;

import io.frugal.Binary;
import io.frugal.BinaryParams;
import io.frugal.Softmax;
import io.frugal.SoftmaxParams;
import io.frugal.graph.Node;
import io.frugal.plan.Device;
import io.frugal.plan.Precision;
import java.util.Arrays;
import java.util.List;

/** Softmax and a BatchNormalization left unfolded (its producer is not a Conv), in fp32 on the CPU. */
final class Fp32NormalizationLowerings {
    private Fp32NormalizationLowerings() {}

    static void register(LoweringTable.Builder t) {
        t.add(Precision.FP32, Device.CPU, Fp32NormalizationLowerings::softmax, "Softmax");
        t.add(Precision.FP32, Device.CPU, Fp32NormalizationLowerings::batchNorm, "BatchNormalization");
    }

    static void softmax(Node n, LoweringContext ctx) {
        String x = Operands.input(n, ctx, 0, "input");
        long[] s = ctx.shape(x);
        boolean coerce2d = ctx.opset() < 13;
        int axis = (int) n.intAttr("axis", coerce2d ? 1 : -1);
        ctx.emit(Softmax.create(new SoftmaxParams(s, axis, coerce2d)), Invoker.UNARY, List.of(x), n.outputs());
    }

    /**
     * Inference batch normalization as y = x * scale + shift per channel, with scale = gamma /
     * sqrt(var + eps) and shift = beta - mean * scale computed in double at compile time.
     */
    static void batchNorm(Node n, LoweringContext ctx) {
        String x = Operands.input(n, ctx, 0, "X");
        long[] xs = ctx.shape(x);
        if (xs.length < 2) throw ctx.error("X has shape " + Arrays.toString(xs) + "; it needs a channel axis");
        if (n.outputs().size() > 1) throw ctx.error("training-mode outputs (running mean and variance) are not supported");
        long c = xs[1];
        float[] gamma = vector(n, ctx, 1, "scale", c);
        float[] beta = vector(n, ctx, 2, "B", c);
        float[] mean = vector(n, ctx, 3, "input_mean", c);
        float[] var = vector(n, ctx, 4, "input_var", c);
        double eps = n.floatAttr("epsilon", 1e-5f);
        float[] scale = new float[(int) c];
        float[] shift = new float[(int) c];
        for (int i = 0; i < c; i++) {
            double sc = gamma[i] / Math.sqrt((double) var[i] + eps);
            scale[i] = (float) sc;
            shift[i] = (float) (beta[i] - mean[i] * sc);
        }
        long[] perChannel = new long[xs.length];
        Arrays.fill(perChannel, 1);
        perChannel[1] = c;
        String scaled = ctx.temporary(xs);
        ctx.emit(Binary.create(BinaryParams.of(BinaryParams.Kind.MUL, xs, perChannel)), Invoker.TWO_SOURCES,
                List.of(x, ctx.runtimeConstant(scale, perChannel)), List.of(scaled));
        ctx.emit(Binary.create(BinaryParams.of(BinaryParams.Kind.ADD, xs, perChannel)), Invoker.TWO_SOURCES,
                List.of(scaled, ctx.runtimeConstant(shift, perChannel)), List.of(n.outputs().get(0)));
    }

    private static float[] vector(Node n, LoweringContext ctx, int i, String what, long c) {
        String v = Operands.constantInput(n, ctx, i, what);
        float[] d = ctx.constant(v).toFloatArray();
        if (d.length != c) throw ctx.error(what + " has " + d.length + " values; X has " + c + " channels");
        return d;
    }
}
