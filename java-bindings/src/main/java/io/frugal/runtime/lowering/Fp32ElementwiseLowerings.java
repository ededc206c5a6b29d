package io.frugal.runtime.lowering;

import io.frugal.Activation;
import io.frugal.Binary;
import io.frugal.BinaryParams;
import io.frugal.Eltwise;
import io.frugal.EltwiseParams;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.Node;
import io.frugal.passes.ActivationFusion;
import io.frugal.plan.Device;
import io.frugal.plan.Precision;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Add, Sub, Mul, Div with ONNX broadcasting and the activations, in fp32 on the CPU. */
final class Fp32ElementwiseLowerings {
    private Fp32ElementwiseLowerings() {}

    /** dst = a op b. */
    static final Invoker BINARY = (op, in, out) -> ((Binary) op).run(in[0], in[1], out[0]);

    static void register(LoweringTable.Builder t) {
        t.add(Precision.FP32, Device.CPU, Fp32ElementwiseLowerings::binary, "Add", "Sub", "Mul", "Div");
        t.add(Precision.FP32, Device.CPU, Fp32ElementwiseLowerings::activation, "Relu", "LeakyRelu", "Sigmoid", "Tanh",
                "HardSigmoid", "HardSwish", "Clip");
        t.add(Precision.FP32, Device.CPU, Fp32ElementwiseLowerings::math, "Sqrt", "Exp", "Abs", "Neg", "Pow");
    }

    /** Sqrt, Exp, Abs, Neg, and Pow with a constant scalar exponent. */
    static void math(Node n, LoweringContext ctx) {
        String x = Operands.input(n, ctx, 0, "X");
        Activation a = switch (n.opType()) {
            case "Sqrt" -> Activation.sqrt();
            case "Exp" -> Activation.exp();
            case "Abs" -> Activation.abs();
            case "Neg" -> Activation.neg();
            case "Pow" -> {
                if (!ctx.isConstant(Operands.input(n, ctx, 1, "Y"))) {
                    throw ctx.error("a run-time exponent is not supported; Pow needs a constant scalar Y");
                }
                yield Activation.pow(Operands.scalar(n, ctx, 1, "Y"));
            }
            default -> throw ctx.error("not an element-wise math operator");
        };
        ctx.emit(Eltwise.create(EltwiseParams.of(a, ctx.shape(x))), Invoker.UNARY, List.of(x), n.outputs());
    }

    static void binary(Node n, LoweringContext ctx) {
        BinaryParams.Kind kind = BinaryParams.Kind.valueOf(n.opType().toUpperCase(java.util.Locale.ROOT));
        String a = Operands.input(n, ctx, 0, "A");
        String b = Operands.input(n, ctx, 1, "B");
        BinaryParams p = BinaryParams.of(kind, ctx.shape(a), ctx.shape(b));
        ctx.emit(Binary.create(p), BINARY, List.of(a, b), n.outputs());
    }

    static void activation(Node n, LoweringContext ctx) {
        Map<String, ConstantTensor> constants = new HashMap<>();
        for (String in : n.inputs().subList(1, n.inputs().size())) {
            if (in.isEmpty()) continue;
            if (!ctx.isConstant(in)) throw ctx.error("input '" + in + "' must be a constant; run-time bounds are not supported");
            constants.put(in, ctx.constant(in));
        }
        Activation a = ActivationFusion.activation(n, ctx.opset(), constants);
        if (a == null) throw ctx.error("its attributes do not describe a supported activation (Clip min > max?)");
        String x = Operands.input(n, ctx, 0, "X");
        ctx.emit(Eltwise.create(EltwiseParams.of(a, ctx.shape(x))), Invoker.UNARY, List.of(x), n.outputs());
    }
}
