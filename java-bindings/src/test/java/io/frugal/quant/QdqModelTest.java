package io.frugal.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.frugal.demo.RenderedSamples;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.models.ModelStore;
import io.frugal.models.OcrModel;
import io.frugal.onnx.OnnxImporter;
import io.frugal.onnx.OrtRun;
import io.frugal.plan.Plan;
import io.frugal.plan.Precision;
import io.frugal.runtime.CompiledModel;
import io.frugal.runtime.Session;
import io.frugal.runtime.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QDQ models built from Frugal's calibration run in ONNX Runtime, which fuses them into its
 * quantized kernels (counted in the optimized model it saves), and come close to the FP32 model;
 * next to Frugal's INT8 on the same inputs and the same calibration table.
 */
class QdqModelTest {
    @TempDir
    Path tmp;

    static List<Map<String, float[]>> random(String in, long[] shape, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Map<String, float[]>> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            float[] x = new float[(int) ConstantTensor.numElements(shape)];
            for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
            out.add(Map.of(in, x));
        }
        return out;
    }

    /** SQNR (dB) of ORT int8 and Frugal INT8 against ORT FP32 over the samples, and ORT's optimized op counts. */
    record Outcome(double ortDb, double frugalDb, double unfusedDb, Map<String, Integer> ortOps, QdqModel.Result qdq,
                   Map<String, Integer> frugalInt8Steps) {}

    Outcome evaluate(byte[] original, Graph g, long[] shape, CalibrationTable table, QdqModel.Options options,
                     List<Map<String, float[]>> eval) throws Exception {
        return evaluate(original, g, shape, table, options, eval, Map.of());
    }

    Outcome evaluate(byte[] original, Graph g, long[] shape, CalibrationTable table, QdqModel.Options options,
                     List<Map<String, float[]>> eval, Map<String, String> ortConfig) throws Exception {
        String in = g.inputs().get(0).name();
        Map<String, long[]> shapes = Map.of(in, shape);
        QdqModel.Result qdq = QdqModel.build(g, shapes, table, options);
        Path optimized = tmp.resolve("optimized-" + System.nanoTime() + ".onnx");
        Sqnr ort = new Sqnr();
        Sqnr frugal = new Sqnr();
        Sqnr unfused = new Sqnr();
        Map<String, Integer> frugalInt8 = new java.util.TreeMap<>();
        try (OrtRun fp32 = new OrtRun(original); OrtRun int8 = new OrtRun(qdq.model(), optimized,
                     ai.onnxruntime.OrtSession.SessionOptions.OptLevel.ALL_OPT, ortConfig);
             OrtRun asWritten = new OrtRun(qdq.model(), null, ai.onnxruntime.OrtSession.SessionOptions.OptLevel.NO_OPT);
             CompiledModel m = CompiledModel.compile(g, shapes, Plan.of(Precision.INT8), table); Session s = m.newSession()) {
            for (io.frugal.runtime.StepInfo step : m.steps()) {
                if (step.precision() == Precision.INT8) frugalInt8.merge(step.opType(), 1, Integer::sum);
            }
            for (Map<String, float[]> sample : eval) {
                Map<String, float[]> want = fp32.run(sample, shapes);
                Map<String, float[]> got = int8.run(sample, shapes);
                Map<String, float[]> fr = s.runArrays(sample);
                Map<String, float[]> ref = asWritten.run(sample, shapes);
                for (String o : want.keySet()) {
                    ort.add(want.get(o), got.get(o));
                    unfused.add(want.get(o), ref.get(o));
                    frugal.add(want.get(o), fr.get(o));
                }
            }
        }
        return new Outcome(ort.db(), frugal.db(), unfused.db(), OrtRun.opCounts(optimized), qdq, frugalInt8);
    }

    static int count(Map<String, Integer> ops, String op) {
        int n = 0;
        for (Map.Entry<String, Integer> e : ops.entrySet()) if (e.getKey().endsWith(op)) n += e.getValue();
        return n;
    }

    static void print(String what, Outcome o) {
        System.out.printf(Locale.ROOT, "%s: %s%n  ORT int8 SQNR %s (the QDQ model unoptimized, float ops on dequantized"
                        + " values: %s), Frugal INT8 SQNR %s (vs ORT FP32)%n  ORT optimized ops %s%n  Frugal INT8 steps %s%n", what,
                o.qdq().summary(), Sqnr.format(o.ortDb()), Sqnr.format(o.unfusedDb()), Sqnr.format(o.frugalDb()), o.ortOps(),
                o.frugalInt8Steps());
        o.qdq().notes().forEach(n -> System.out.println("  note: " + n));
    }

    @Test
    void tinyModelFusesIntoQuantizedKernels() throws Exception {
        byte[] bytes = TinyModels.mobileNetLike(5);
        Graph g = OnnxImporter.load(bytes, "mobileNetLike").graph();
        long[] shape = TinyModels.MOBILENET_LIKE_INPUT;
        Map<String, long[]> shapes = Map.of("x", shape);
        CalibrationTable t = QdqModel.calibrate(new Calibrator(RangeMethod.MAX, 99.99, Progress.silent()), g, shapes,
                random("x", shape, 16, 1));
        Outcome o = evaluate(bytes, g, shape, t, QdqModel.Options.forThisCpu(), random("x", shape, 8, 2));
        print("mobileNetLike", o);
        assertEquals(Map.of("Conv", 3, "MatMul", 1), o.qdq().quantized());
        assertEquals(3, o.qdq().outputQ());
        assertTrue(o.qdq().notes().isEmpty(), o.qdq().notes().toString());
        assertEquals(3, count(o.ortOps(), "QLinearConv"), "every conv fused: " + o.ortOps());
        assertEquals(0, count(o.ortOps(), "Conv") - count(o.ortOps(), "QLinearConv"), "no float conv left: " + o.ortOps());
        assertTrue(o.ortDb() > 20, "ORT int8 SQNR " + o.ortDb());
        assertTrue(o.frugalDb() > 20, "Frugal INT8 SQNR " + o.frugalDb());
    }

    /** A plain Calibrator table lacks pre-activation ranges: the conv before HardSigmoid stays float, and a note says so. */
    @Test
    void plainTableLeavesConvsWithoutPreActivationRangeUnfused() {
        Graph g = OnnxImporter.load(TinyModels.mobileNetLike(5), "mobileNetLike").graph();
        Map<String, long[]> shapes = Map.of("x", TinyModels.MOBILENET_LIKE_INPUT);
        CalibrationTable t = new Calibrator(RangeMethod.MAX, 99.99, Progress.silent()).calibrate(g, shapes,
                random("x", TinyModels.MOBILENET_LIKE_INPUT, 4, 1));
        QdqModel.Result r = QdqModel.build(g, shapes, t);
        assertEquals(Map.of("Conv", 3, "MatMul", 1), r.quantized());
        assertEquals(1, r.outputQ(), r.notes().toString()); // the Relu conv; HardSwish and HardSigmoid convs lack ranges
        assertEquals(2, r.notes().size(), r.notes().toString());
    }

    /** One calibration serves both engines: its ranges are those Frugal's own calibration of the graph finds. */
    @Test
    void calibrationMatchesFrugalsOwn() {
        Graph g = OnnxImporter.load(TinyModels.mobileNetLike(5), "mobileNetLike").graph();
        Map<String, long[]> shapes = Map.of("x", TinyModels.MOBILENET_LIKE_INPUT);
        List<Map<String, float[]>> samples = random("x", TinyModels.MOBILENET_LIKE_INPUT, 4, 1);
        Calibrator c = new Calibrator(RangeMethod.MSE, 99.99, Progress.silent());
        CalibrationTable own = c.calibrate(g, shapes, samples);
        CalibrationTable both = QdqModel.calibrate(c, g, shapes, samples);
        assertEquals(own.fingerprint(), both.fingerprint());
        java.util.Set<String> values = new java.util.HashSet<>();
        for (Node n : g.nodes()) values.addAll(n.outputs());
        int compared = 0;
        for (TensorRange r : own.ranges().values()) {
            if (!values.contains(r.value()) && !r.value().equals("x")) continue; // Frugal's own temporaries (layout copies)
            compared++;
            TensorRange b = both.range(r.value());
            assertEquals(r.threshold(), b.threshold(), 1e-5 * Math.max(1, r.threshold()), r.value());
            assertEquals(r.unsigned(), b.unsigned(), r.value());
        }
        assertTrue(compared >= 6, "graph values compared: " + compared + " of " + own.ranges().keySet());
        assertTrue(both.ranges().keySet().stream().anyMatch(k -> k.endsWith(".preact")), "pre-activation ranges added: "
                + both.ranges().keySet());
    }

    @Test
    void cls() throws Exception {
        Optional<String> why = ModelStore.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "real models unavailable: " + why.orElse(""));
        Path file = ModelStore.ocr(OcrModel.CLS);
        byte[] bytes = Files.readAllBytes(file);
        Graph g = OnnxImporter.load(bytes, "cls").graph();
        String in = g.inputs().get(0).name();
        long[] shape = {1, 3, 48, 192};
        Map<String, long[]> shapes = Map.of(in, shape);
        CalibrationTable t = QdqModel.calibrate(new Calibrator(RangeMethod.MSE, 99.99, Progress.silent()), g, shapes,
                RenderedSamples.of(OcrModel.CLS, in, shape, 16, 1));
        List<Map<String, float[]>> eval = RenderedSamples.of(OcrModel.CLS, in, shape, 16, 2);
        int convs = 0;
        for (Node n : g.nodes()) if (n.opType().equals("Conv")) convs++;

        QdqModel.Options options = QdqModel.Options.forThisCpu();
        Outcome o = evaluate(bytes, g, shape, t, options, eval);
        print("cls " + options, o);
        assertEquals(convs, o.qdq().quantized().get("Conv"));
        assertEquals(convs, o.qdq().outputQ());
        assertTrue(o.qdq().notes().isEmpty(), o.qdq().notes().toString());
        assertEquals(convs, count(o.ortOps(), "QLinearConv"), "every conv fused: " + o.ortOps());
        assertEquals(0, count(o.ortOps(), "Conv") - count(o.ortOps(), "QLinearConv"), "no float conv left: " + o.ortOps());
        assertTrue(o.ortDb() > 20, "ORT int8 SQNR " + o.ortDb());
        assertTrue(o.frugalDb() > 20, "Frugal INT8 SQNR " + o.frugalDb());
        if (options.reduceRange()) {
            // For the record: full-range weights on a CPU without VNNI (MLAS's u8 x s8 pair sums saturate).
            print("cls full-range weights", evaluate(bytes, g, shape, t, QdqModel.Options.defaults(), eval));
        }
    }
}
