package io.frugal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frugal.DType;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.Graph;
import io.frugal.onnx.OnnxImporter;
import io.frugal.plan.Plan;
import io.frugal.plan.Precision;
import io.frugal.quant.CalibrationTable;
import io.frugal.quant.Calibrator;
import io.frugal.quant.Progress;
import io.frugal.quant.RangeMethod;
import io.frugal.quant.Sqnr;
import io.frugal.quant.TensorRange;
import io.frugal.runtime.lowering.LoweringException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The INT8 precision through the executor: quantize steps at precision boundaries, 8-bit values
 * between int8 layers, FP32 fallback for operators without an int8 kernel, and the arithmetic of
 * the whole chain against a float64 model of the same quantized computation.
 */
class Int8ExecutionTest {
    private static final long[] SHAPE = {1, 3, 6, 6};

    private static List<Map<String, float[]>> samples(int n, long seed) {
        return TinyModels.samples(n, seed);
    }

    private static CalibrationTable calibrate(Graph g, RangeMethod m) {
        return new Calibrator(m, 99.99, Progress.silent()).calibrate(g, Map.of("x", SHAPE), samples(16, 3));
    }

    @Test
    void int8LayersChainIn8BitsAndMatchTheQuantizedArithmetic() {
        Graph g = OnnxImporter.load(TinyModels.convReluConv(4), "tiny.onnx").graph();
        CalibrationTable t = calibrate(g, RangeMethod.MAX);
        try (CompiledModel m = CompiledModel.compile(g, Map.of("x", SHAPE), Plan.of(Precision.INT8), t); Session s = m.newSession()) {
            List<String> ops = m.steps().stream().map(StepInfo::opType).toList();
            assertEquals(1, ops.stream().filter(o -> o.startsWith("Quantize")).count(), ops.toString());
            assertFalse(ops.stream().anyMatch(o -> o.startsWith("Dequantize")), "conv -> conv stays in 8 bits: " + ops);
            assertEquals(2, m.steps().stream().filter(st -> st.opType().equals("Conv") && st.precision() == Precision.INT8).count());
            // The ReLU output travels as u8 at its calibrated scale.
            assertTrue(m.quantizedValues().values().stream().anyMatch(q -> q.value().equals("r") && q.dtype() == DType.U8),
                    m.quantizedValues().toString());

            float[] x = samples(1, 99).get(0).get("x");
            float[] y = s.runArrays(Map.of("x", x)).get("y");
            double[] want = quantizedModel(g, t, x);
            TensorRange r = t.range("r");
            double w2max = 0;
            for (float w : g.initializers().get("w2").toFloatArray()) w2max = Math.max(w2max, Math.abs(w));
            // Requantizing r in float (kernels) vs double (model) may move one element by one step.
            double lsb = r.scale() * w2max;
            for (int i = 0; i < y.length; i++) assertEquals(want[i], y[i], 1.01 * lsb + 1e-5, "y[" + i + "]");
        }
    }

    /**
     * float64 model: q_x = round(x / s_x) (s8), conv1 over integers with per-channel weight scales,
     * bias, ReLU, requantized to u8 at r's scale, conv2 over integers, dequantized.
     */
    private static double[] quantizedModel(Graph g, CalibrationTable t, float[] x) {
        double sx = (float) t.range("x").scale(), sr = (float) t.range("r").scale();
        double[] qx = new double[x.length];
        for (int i = 0; i < x.length; i++) qx[i] = Math.max(-128, Math.min(127, Math.rint((float) (x[i] / (float) sx))));
        double[] acc1 = conv(qx, 3, 6, 6, g.initializers().get("w1"), 1);
        double[] s1 = weightScales(g.initializers().get("w1"));
        float[] b1 = g.initializers().get("b1").toFloatArray();
        double[] qr = new double[acc1.length];
        for (int i = 0; i < acc1.length; i++) {
            int oc = i / 36;
            double v = Math.max(0, sx * s1[oc] * acc1[i] + b1[oc]);
            qr[i] = Math.max(0, Math.min(255, Math.rint(v / sr)));
        }
        double[] acc2 = conv(qr, 4, 6, 6, g.initializers().get("w2"), 0);
        double[] s2 = weightScales(g.initializers().get("w2"));
        double[] y = new double[acc2.length];
        for (int i = 0; i < y.length; i++) y[i] = sr * s2[i / 36] * acc2[i];
        return y;
    }

    private static double[] weightScales(ConstantTensor w) {
        float[] v = w.toFloatArray();
        int oc = (int) w.shape()[0], per = v.length / oc;
        double[] s = new double[oc];
        for (int o = 0; o < oc; o++) {
            double m = 0;
            for (int k = 0; k < per; k++) m = Math.max(m, Math.abs(v[o * per + k]));
            s[o] = m == 0 ? 1 : (float) (m / 127);
        }
        return s;
    }

    /** Integer convolution, NCHW, stride 1, square kernel, padding pad, with weights quantized as the kernels do. */
    private static double[] conv(double[] q, int ic, int h, int w, ConstantTensor weights, int pad) {
        float[] wf = weights.toFloatArray();
        long[] ws = weights.shape();
        int oc = (int) ws[0], k = (int) ws[2];
        double[] sw = weightScales(weights);
        double[] out = new double[oc * h * w];
        for (int o = 0; o < oc; o++) {
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    double acc = 0;
                    for (int c = 0; c < ic; c++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = y + ky - pad, ix = xx + kx - pad;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                double qw = Math.max(-127, Math.min(127, Math.rint(wf[((o * ic + c) * k + ky) * k + kx] / (float) sw[o])));
                                acc += q[(c * h + iy) * w + ix] * qw;
                            }
                        }
                    }
                    out[(o * h + y) * w + xx] = acc;
                }
            }
        }
        return out;
    }

    @Test
    void int8IsCloseToFp32AndOperatorsWithoutInt8KernelsStayFp32() {
        // conv -> square -> conv: a run-time Mul has no int8 kernel, so it runs in FP32 between a
        // dequantizing and a quantizing conv.
        byte[] model = new TinyModel(13, 8).input("x", SHAPE).weight("w1", 4, 3, 3, 3).weight("w2", 2, 4, 1, 1)
                .node("Conv", List.of("x", "w1"), List.of("c"), "pads", new long[] {1, 1, 1, 1})
                .node("Mul", List.of("c", "c"), List.of("s")).node("Conv", List.of("s", "w2"), List.of("y")).output("y").bytes();
        Graph g = OnnxImporter.load(model, "sig.onnx").graph();
        CalibrationTable t = calibrate(g, RangeMethod.MSE);
        try (CompiledModel fp32 = CompiledModel.compile(g, Map.of("x", SHAPE), Plan.fp32());
             CompiledModel int8 = CompiledModel.compile(g, Map.of("x", SHAPE), Plan.of(Precision.INT8), t);
             Session a = fp32.newSession(); Session b = int8.newSession()) {
            assertEquals(Precision.FP32, int8.steps().stream().filter(st -> st.opType().equals("Mul")).findFirst().orElseThrow().precision());
            assertTrue(int8.weightBytes() < fp32.weightBytes(), "8-bit weights are smaller");
            Sqnr sqnr = new Sqnr();
            for (Map<String, float[]> x : samples(8, 42)) sqnr.add(a.runArrays(x).get("y"), b.runArrays(x).get("y"));
            assertTrue(sqnr.db() > 25, "SQNR " + sqnr.db());
        }
    }

    @Test
    void fp32NodesInAnInt8PlanGetDequantizedInputs() {
        Graph g = OnnxImporter.load(TinyModels.convReluConv(4), "tiny.onnx").graph();
        CalibrationTable t = calibrate(g, RangeMethod.MAX);
        String second = g.nodes().get(g.nodes().size() - 1).name();
        Plan p = Plan.builder().defaultPrecision(Precision.INT8).node(second, Precision.FP32).build();
        try (CompiledModel m = CompiledModel.compile(g, Map.of("x", SHAPE), p, t); Session s = m.newSession();
             CompiledModel fp32 = CompiledModel.compile(g, Map.of("x", SHAPE), Plan.fp32()); Session f = fp32.newSession()) {
            List<StepInfo> steps = m.steps();
            assertEquals(Precision.FP32, steps.stream().filter(st -> st.node().equals(second) && st.opType().equals("Conv"))
                    .findFirst().orElseThrow().precision());
            float[] x = samples(1, 7).get(0).get("x");
            Sqnr q = new Sqnr();
            q.add(f.runArrays(Map.of("x", x)).get("y"), s.runArrays(Map.of("x", x)).get("y"));
            assertTrue(q.db() > 25, "SQNR " + q.db());
        }
    }

    @Test
    void int8WithoutOrWithAForeignCalibrationIsRefused() {
        Graph g = OnnxImporter.load(TinyModels.convReluConv(4), "tiny.onnx").graph();
        LoweringException e = assertThrows(LoweringException.class,
                () -> CompiledModel.compile(g, Map.of("x", SHAPE), Plan.of(Precision.INT8)));
        assertTrue(e.getMessage().contains("calibrat"), e.getMessage());
        CalibrationTable other = calibrate(OnnxImporter.load(TinyModels.convReluConv(5), "other.onnx").graph(), RangeMethod.MAX);
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> CompiledModel.compile(g, Map.of("x", SHAPE), Plan.of(Precision.INT8), other));
        assertTrue(f.getMessage().contains("calibrate this model again"), f.getMessage());
    }

    @Test
    void zeroChannelsZeroInputsAndNonFiniteWeightsAreHandled() {
        // Output channel 1 of w1 is all zero (weight scale 1, output exactly the bias); an
        // all-zero input has threshold 0 (scale 1, every q 0).
        float[] w1 = new float[4 * 3 * 9];
        java.util.Arrays.fill(w1, 0.1f);
        java.util.Arrays.fill(w1, 27, 54, 0f);
        byte[] model = new TinyModel(13, 1).input("x", SHAPE).floats("w1", w1, 4, 3, 3, 3).weight("b1", 4).weight("w2", 2, 4, 1, 1)
                .node("Conv", List.of("x", "w1", "b1"), List.of("c"), "pads", new long[] {1, 1, 1, 1})
                .node("Relu", List.of("c"), List.of("r")).node("Conv", List.of("r", "w2"), List.of("y")).output("y").bytes();
        Graph g = OnnxImporter.load(model, "zero.onnx").graph();
        float[] zeros = new float[3 * 36];
        CalibrationTable t = new Calibrator(RangeMethod.MSE, 99.99, Progress.silent()).calibrate(g, Map.of("x", SHAPE),
                List.of(Map.of("x", zeros)));
        assertEquals(1.0, t.range("x").scale(), "an all-zero tensor gets scale 1");
        try (CompiledModel fp32 = CompiledModel.compile(g, Map.of("x", SHAPE), Plan.fp32());
             CompiledModel int8 = CompiledModel.compile(g, Map.of("x", SHAPE), Plan.of(Precision.INT8), t);
             Session a = fp32.newSession(); Session b = int8.newSession()) {
            float[] want = a.runArrays(Map.of("x", zeros)).get("y");
            float[] got = b.runArrays(Map.of("x", zeros)).get("y");
            // r = relu(b1) is stored in u8: each value within half a step, so y within a step times sum |w2|.
            double w2 = 0;
            for (float v : g.initializers().get("w2").toFloatArray()) w2 += Math.abs(v);
            double tol = t.range("r").scale() * w2 + 1e-6;
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], tol, "y[" + i + "]");
        }

        float[] bad = w1.clone();
        bad[3] = Float.NaN;
        byte[] nanModel = new TinyModel(13, 1).input("x", SHAPE).floats("w1", bad, 4, 3, 3, 3)
                .node("Conv", List.of("x", "w1"), List.of("y"), "pads", new long[] {1, 1, 1, 1}).output("y").bytes();
        Graph ng = OnnxImporter.load(nanModel, "nan.onnx").graph();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Calibrator(RangeMethod.MAX, 99.99,
                Progress.silent()).calibrate(ng, Map.of("x", SHAPE), samples(1, 1)));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        // A hand-made table (a calibrator would have refused the model): the int8 kernel refuses
        // the NaN weights at compile time, naming the node.
        CalibrationTable hand = new CalibrationTable(io.frugal.quant.GraphFingerprint.of(ng), RangeMethod.MAX, 99.99, 1,
                Map.of("x", SHAPE), Map.of("x", new TensorRange("x", -1, 1, 1, 1, false)));
        LoweringException k = assertThrows(LoweringException.class,
                () -> CompiledModel.compile(ng, Map.of("x", SHAPE), Plan.of(Precision.INT8), hand));
        assertTrue(k.getMessage().contains("conv_0") && k.getMessage().toLowerCase().contains("nan"), k.getMessage());
    }
}
