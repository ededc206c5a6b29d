package io.frugal.runtime.lowering;

import io.frugal.Binary;
import io.frugal.BinaryParams;
import io.frugal.MatMul;
import io.frugal.MatMulParams;
import io.frugal.Tensor;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.Node;
import io.frugal.passes.ActivationFusion;
import io.frugal.plan.Device;
import io.frugal.plan.Precision;
import java.util.Arrays;
import java.util.List;

/**
 * MatMul with constant weights and Gemm in fp32 on the CPU: weights packed once, bias and
 * activation fused. A MatMul of two run-time operands is {@link Fp32BatchMatMulLowering}'s.
 */
final class Fp32MatMulLowerings {
    private Fp32MatMulLowerings() {}

    static void register(LoweringTable.Builder t) {
        t.add(Precision.FP32, Device.CPU, Fp32MatMulLowerings::matMul, "MatMul");
        t.add(Precision.FP32, Device.CPU, Fp32MatMulLowerings::gemm, "Gemm");
    }

    /**
     * A Gemm, or a MatMul with constant 2-D weights, as one 2-D product: A's rows, the weights (alpha
     * applied), a bias row (beta applied) or a full [m, n] C added after the product.
     */
    record Product(String a, MatMulParams params, float[] weights, long[] weightShape, float[] bias, float[] fullC) {}

    /** The product a MatMul computes, or null when B is a run-time value (a batched product). */
    static Product matMulProduct(Node n, LoweringContext ctx) {
        String a = Operands.input(n, ctx, 0, "A");
        String b = Operands.input(n, ctx, 1, "B");
        if (!ctx.isConstant(b) || ctx.shape(b).length != 2 || ctx.shape(a).length < 2) return null;
        long[] as = ctx.shape(a);
        long[] bs = ctx.shape(b);
        long k = as[as.length - 1];
        if (k != bs[0]) throw ctx.error("A " + Arrays.toString(as) + " and B " + Arrays.toString(bs) + " do not multiply");
        // Every leading dimension of A is a row: one 2-D product [rows, K] x [K, N].
        long rows = ConstantTensor.numElements(as) / k;
        MatMulParams p = MatMulParams.of(rows, k, bs[1]).withActivation(ActivationFusion.fused(n));
        return new Product(a, p, ctx.constant(b).toFloatArray(), bs, null, null);
    }

    /** Y = act(alpha * A' B' + beta * C), with B constant; alpha goes into the weights. */
    static Product gemmProduct(Node n, LoweringContext ctx) {
        String a = Operands.input(n, ctx, 0, "A");
        String b = Operands.constantInput(n, ctx, 1, "B");
        long[] as = ctx.shape(a);
        long[] bs = ctx.shape(b);
        if (as.length != 2 || bs.length != 2) {
            throw ctx.error("A " + Arrays.toString(as) + " and B " + Arrays.toString(bs) + " must be 2-D");
        }
        if (n.intAttr("transA", 0) != 0) throw ctx.error("transA=1 with a run-time A is not supported");
        boolean transB = n.intAttr("transB", 0) != 0;
        float alpha = n.floatAttr("alpha", 1f);
        float beta = n.floatAttr("beta", 1f);
        long m = as[0], k = as[1];
        long bk = transB ? bs[1] : bs[0];
        long nOut = transB ? bs[0] : bs[1];
        if (bk != k) throw ctx.error("A " + Arrays.toString(as) + " and B " + Arrays.toString(bs) + " (transB=" + (transB ? 1 : 0)
                + ") do not multiply");
        float[] w = ctx.constant(b).toFloatArray();
        if (alpha != 1f) {
            for (int i = 0; i < w.length; i++) w[i] *= alpha;
        }
        float[] bias = null;
        float[] fullC = null;
        if (Operands.has(n, 2) && beta != 0f) {
            String c = Operands.constantInput(n, ctx, 2, "C");
            float[] cv = ctx.constant(c).toFloatArray();
            if (cv.length == nOut || cv.length == 1) {
                bias = new float[(int) nOut];
                for (int i = 0; i < nOut; i++) bias[i] = beta * cv[cv.length == 1 ? 0 : i];
            } else if (cv.length == m * nOut) {
                for (int i = 0; i < cv.length; i++) cv[i] *= beta;
                fullC = cv;
            } else {
                throw ctx.error("C has shape " + Arrays.toString(ctx.shape(c)) + "; it must broadcast to [" + m + ", " + nOut + "]");
            }
        }
        io.frugal.Activation act = ActivationFusion.fused(n);
        if (fullC != null && act.kind() != io.frugal.Activation.Kind.NONE) {
            throw ctx.error("a fused activation after a full-matrix C is not supported");
        }
        MatMulParams p = MatMulParams.of(m, k, nOut).withWeightsTransposed(transB).withActivation(act);
        return new Product(a, p, w, bs, bias, fullC);
    }

    static void matMul(Node n, LoweringContext ctx) {
        Product pr = matMulProduct(n, ctx);
        if (pr == null) {
            Fp32BatchMatMulLowering.lower(n, ctx);
            return;
        }
        emit(n, ctx, pr);
    }

    static void gemm(Node n, LoweringContext ctx) {
        emit(n, ctx, gemmProduct(n, ctx));
    }

    private static void emit(Node n, LoweringContext ctx, Product pr) {
        MatMulParams p = pr.params();
        Tensor bias = pr.bias() == null ? null : ctx.weights(pr.bias(), p.n());
        String y = n.outputs().get(0);
        String product = pr.fullC() != null ? ctx.temporary(ctx.shape(y)) : y;
        ctx.emit(MatMul.create(p, ctx.weights(pr.weights(), pr.weightShape()), bias), Invoker.UNARY,
                List.of(ctx.view(pr.a(), p.inputShape())), List.of(ctx.view(product, p.outputShape())));
        if (pr.fullC() != null) addFullC(ctx, pr, product, y);
    }

    /** y = product + C, C a full [m, n] matrix (beta applied). */
    static void addFullC(LoweringContext ctx, Product pr, String product, String y) {
        long m = pr.params().m(), nOut = pr.params().n();
        String c = ctx.runtimeConstant(pr.fullC(), m, nOut);
        ctx.emit(Binary.create(BinaryParams.of(BinaryParams.Kind.ADD, new long[] {m, nOut}, new long[] {m, nOut})),
                Invoker.TWO_SOURCES, List.of(ctx.view(product, m, nOut), c), List.of(ctx.view(y, m, nOut)));
    }
}
