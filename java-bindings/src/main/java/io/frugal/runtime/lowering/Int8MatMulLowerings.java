package io.frugal.runtime.lowering;

import io.frugal.Layout;
import io.frugal.MatMulParams;
import io.frugal.QMatMul;
import io.frugal.QMatMulParams;
import io.frugal.Tensor;
import io.frugal.graph.Node;
import io.frugal.plan.Device;
import io.frugal.plan.Precision;
import java.util.List;

/**
 * Gemm and constant-weight MatMul in INT8 on the CPU: A in 8 bits at its calibrated scale,
 * weights quantized per output column at create, s32 accumulation, bias and activation fused,
 * the output in 8 bits when its readers take it so. A MatMul of two run-time operands has no
 * weights to quantize and runs as the FP32 batched product.
 */
final class Int8MatMulLowerings {
    private Int8MatMulLowerings() {}

    static void register(LoweringTable.Builder t) {
        t.add(Precision.INT8, Device.CPU, Int8MatMulLowerings::matMul, "MatMul");
        t.add(Precision.INT8, Device.CPU, Int8MatMulLowerings::gemm, "Gemm");
        t.readsQuantized(Precision.INT8, Device.CPU, "Gemm", "MatMul");
    }

    static void matMul(Node n, LoweringContext ctx) {
        Fp32MatMulLowerings.Product pr = Fp32MatMulLowerings.matMulProduct(n, ctx);
        if (pr == null) {
            Fp32BatchMatMulLowering.lower(n, ctx);
            return;
        }
        emit(n, ctx, pr);
    }

    static void gemm(Node n, LoweringContext ctx) {
        emit(n, ctx, Fp32MatMulLowerings.gemmProduct(n, ctx));
    }

    private static void emit(Node n, LoweringContext ctx, Fp32MatMulLowerings.Product pr) {
        MatMulParams p = pr.params();
        Tensor bias = pr.bias() == null ? null : ctx.weights(pr.bias(), p.n());
        String y = n.outputs().get(0);
        QuantizedOperand in = ctx.quantizedInput(pr.a(), Layout.NCHW);
        // A full-matrix C is added in f32 after the product.
        QuantizedOperand out = pr.fullC() != null ? new QuantizedOperand(ctx.temporary(ctx.shape(y)), io.frugal.DType.F32, 0f)
                : ctx.quantizedOutput(y, Layout.NCHW);
        QMatMulParams q = QMatMulParams.of(p, in.dtype(), in.scale(), out.dtype(), out.isQuantized() ? out.scale() : 1f);
        ctx.emit(QMatMul.create(q, ctx.weights(pr.weights(), pr.weightShape()), bias), Invoker.UNARY,
                List.of(ctx.view(in.name(), p.inputShape())), List.of(ctx.view(out.name(), p.outputShape())));
        if (pr.fullC() != null) Fp32MatMulLowerings.addFullC(ctx, pr, out.name(), y);
    }
}
