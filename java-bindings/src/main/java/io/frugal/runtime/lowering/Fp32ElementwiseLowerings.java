package io.frugal.runtime.lowering;

import io.frugal.Activation;
import io.frugal.Binary;
import io.frugal.BinaryParams;
import io.frugal.Eltwise;
import io.frugal.EltwiseParams;
import io.frugal.Layout;
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
        emitEltwise(n, ctx, a);
    }

    /** An element-wise operator keeps its input's layout: it does not care where channels are. */
    private static void emitEltwise(Node n, LoweringContext ctx, Activation a) {
        String x = Operands.input(n, ctx, 0, "X");
        Layout layout = ctx.layout(x);
        String in = ctx.input(x, layout);
        ctx.emit(Eltwise.create(EltwiseParams.of(a, ctx.physicalShape(in))), Invoker.UNARY, List.of(in),
                List.of(ctx.output(n.outputs().get(0), layout)));
    }

    static void binary(Node n, LoweringContext ctx) {
        BinaryParams.Kind kind = BinaryParams.Kind.valueOf(n.opType().toUpperCase(java.util.Locale.ROOT));
        String a = Operands.input(n, ctx, 0, "A");
        String b = Operands.input(n, ctx, 1, "B");
        String y = n.outputs().get(0);
        if (channelsLast(ctx, List.of(a, b), y)) {
            String pa = nhwcOperand(ctx, a);
            String pb = nhwcOperand(ctx, b);
            BinaryParams p = BinaryParams.of(kind, ctx.physicalShape(pa), ctx.physicalShape(pb));
            ctx.emit(Binary.create(p), Invoker.TWO_SOURCES, List.of(pa, pb), List.of(ctx.output(y, Layout.NHWC)));
            return;
        }
        BinaryParams p = BinaryParams.of(kind, ctx.shape(a), ctx.shape(b));
        ctx.emit(Binary.create(p), Invoker.TWO_SOURCES, List.of(a, b), n.outputs());
    }

    /**
     * Whether a broadcasting operator runs channels-last: its output is rank 4, some run-time input
     * is stored NHWC, and every run-time input is rank 4 (constants of any rank are permuted).
     */
    static boolean channelsLast(LoweringContext ctx, List<String> inputs, String output) {
        if (ctx.shape(output).length != 4) return false;
        boolean any = false;
        for (String in : inputs) {
            if (ctx.isConstant(in)) continue;
            if (ctx.shape(in).length != 4) return false;
            any |= ctx.layout(in) == Layout.NHWC;
        }
        return any;
    }

    /** A run-time input in NHWC, or a constant right-aligned to rank 4 and permuted to [N, H, W, C]. */
    static String nhwcOperand(LoweringContext ctx, String v) {
        if (!ctx.isConstant(v)) return ctx.input(v, Layout.NHWC);
        long[] s = ctx.shape(v);
        long[] s4 = new long[4];
        java.util.Arrays.fill(s4, 1);
        System.arraycopy(s, 0, s4, 4 - s.length, s.length);
        float[] data = ctx.constant(v).toFloatArray();
        float[] out = new float[data.length];
        int n = (int) s4[0], c = (int) s4[1], h = (int) s4[2], w = (int) s4[3];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) out[((i * h + y) * w + x) * c + ch] = data[((i * c + ch) * h + y) * w + x];
                }
            }
        }
        return ctx.runtimeConstant(out, s4[0], s4[2], s4[3], s4[1]);
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
        emitEltwise(n, ctx, a);
    }
}
