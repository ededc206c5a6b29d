package io.frugal.quant;

import io.frugal.DType;
import io.frugal.Tensor;
import io.frugal.graph.Graph;
import io.frugal.graph.MacCount;
import io.frugal.graph.Node;
import io.frugal.plan.Precision;
import io.frugal.runtime.CompiledModel;
import io.frugal.runtime.QuantizedValue;
import io.frugal.runtime.Session;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a quantized model compares with its FP32 self on a set of inputs: per layer, the precision
 * it runs in, its MACs and weight bytes, and the SQNR of its output against the same value in the
 * FP32 run (so error that accumulates through the network shows where it arises); end to end, the
 * outputs' SQNR, top-1 agreement for classifier outputs, weight bytes and latency.
 */
public record QuantizationReport(List<Layer> layers, Map<String, Double> outputSqnrDb, double top1Agreement, long fp32WeightBytes,
                                 long weightBytes, double fp32Millis, double millis, int samples) {
    /** One node with multiply-accumulates. sqnrDb is of its first output, NaN when never observed. */
    public record Layer(String node, String opType, Precision precision, long macs, long weightBytes, double sqnrDb) {}

    public QuantizationReport {
        layers = List.copyOf(layers);
        outputSqnrDb = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputSqnrDb));
    }

    /**
     * Runs both models on every sample (one run each) and compares them.
     *
     * @param fp32 the model compiled with {@code Plan.fp32()}
     * @param quantized the same graph at the same input shapes under the plan to report on
     * @param timedRuns runs timed per model (median) after a warm-up, on the first sample
     */
    public static QuantizationReport measure(CompiledModel fp32, CompiledModel quantized, List<Map<String, float[]>> samples, int timedRuns) {
        Objects.requireNonNull(fp32, "fp32 model is null");
        Objects.requireNonNull(quantized, "quantized model is null");
        if (samples.isEmpty()) throw new IllegalArgumentException("the report needs at least one sample");
        if (timedRuns < 1) throw new IllegalArgumentException("timedRuns must be at least 1, got " + timedRuns);
        Graph g = quantized.graph();
        Map<String, Node> layerOf = new LinkedHashMap<>();
        for (Node n : g.nodes()) {
            if (MacCount.of(g, n) > 0 && !n.outputs().isEmpty()) layerOf.put(n.outputs().get(0), n);
        }
        Map<String, Sqnr> perValue = new HashMap<>();
        Map<String, Sqnr> perOutput = new LinkedHashMap<>();
        int agree = 0, rows = 0;
        Map<String, QuantizedValue> forms = quantized.quantizedValues();
        try (Session ref = fp32.newSession(); Session q = quantized.newSession()) {
            for (Map<String, float[]> sample : samples) {
                Map<String, float[]> refValues = new HashMap<>();
                feed(ref, sample);
                ref.run((step, value, tensor) -> {
                    if (layerOf.containsKey(value)) refValues.put(value, tensor.toFloatArray());
                });
                Map<String, float[]> got = new HashMap<>();
                Map<String, float[]> gotFromBytes = new HashMap<>();
                feed(q, sample);
                q.run((step, value, tensor) -> {
                    if (layerOf.containsKey(value)) got.put(value, tensor.toFloatArray());
                    QuantizedValue f = forms.get(value);
                    if (f != null && layerOf.containsKey(f.value())) gotFromBytes.put(f.value(), dequantize(tensor, f));
                });
                for (Map.Entry<String, float[]> e : refValues.entrySet()) {
                    float[] mine = got.containsKey(e.getKey()) ? got.get(e.getKey()) : gotFromBytes.get(e.getKey());
                    if (mine != null && mine.length == e.getValue().length) {
                        perValue.computeIfAbsent(e.getKey(), k -> new Sqnr()).add(e.getValue(), mine);
                    }
                }
                for (String out : ref.outputNames()) {
                    float[] a = ref.output(out).toFloatArray(), b = q.output(out).toFloatArray();
                    perOutput.computeIfAbsent(out, k -> new Sqnr()).add(a, b);
                    long[] shape = ref.output(out).shape();
                    if (out.equals(ref.outputNames().get(0)) && shape.length == 2 && shape[1] > 1) {
                        int classes = (int) shape[1];
                        for (int r = 0; r < shape[0]; r++, rows++) {
                            if (argmax(a, r * classes, classes) == argmax(b, r * classes, classes)) agree++;
                        }
                    }
                }
            }
            List<Layer> layers = new ArrayList<>();
            for (Map.Entry<String, Node> e : layerOf.entrySet()) {
                Node n = e.getValue();
                Sqnr s = perValue.get(e.getKey());
                layers.add(new Layer(n.name(), n.opType(), quantized.precisionOf(n), MacCount.of(g, n), quantized.weightBytes(n),
                        s == null ? Double.NaN : s.db()));
            }
            Map<String, Double> outputs = new LinkedHashMap<>();
            perOutput.forEach((k, v) -> outputs.put(k, v.db()));
            double fp32Ms = time(ref, samples.get(0), timedRuns);
            double ms = time(q, samples.get(0), timedRuns);
            return new QuantizationReport(layers, outputs, rows == 0 ? Double.NaN : agree / (double) rows, fp32.weightBytes(),
                    quantized.weightBytes(), fp32Ms, ms, samples.size());
        }
    }

    private static float[] dequantize(Tensor t, QuantizedValue f) {
        ByteBuffer b = t.buffer();
        float[] out = new float[(int) t.elementCount()];
        for (int i = 0; i < out.length; i++) {
            int q = t.dtype() == DType.U8 ? b.get(i) & 0xff : b.get(i);
            out[i] = f.dequantize(q);
        }
        return out;
    }

    private static int argmax(float[] v, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[from + i] > v[from + best]) best = i;
        }
        return best;
    }

    private static void feed(Session s, Map<String, float[]> sample) {
        for (Map.Entry<String, float[]> e : sample.entrySet()) s.input(e.getKey()).copyFrom(e.getValue());
    }

    private static double time(Session s, Map<String, float[]> sample, int runs) {
        feed(s, sample);
        for (int i = 0; i < Math.min(3, runs); i++) s.run();
        long[] t = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            s.run();
            t[i] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        return t[runs / 2] / 1e6;
    }

    /** The report as a text table: one row per layer, then the end-to-end lines. */
    public String format() {
        StringBuilder b = new StringBuilder();
        int w = 4;
        for (Layer l : layers) w = Math.max(w, l.node().length());
        b.append(String.format(java.util.Locale.ROOT, "%-" + w + "s  %-13s  %-9s  %12s  %12s  %10s%n", "node", "op", "precision", "MACs",
                "weight B", "SQNR"));
        for (Layer l : layers) {
            b.append(String.format(java.util.Locale.ROOT, "%-" + w + "s  %-13s  %-9s  %12d  %12d  %10s%n", l.node(), l.opType(),
                    l.precision(), l.macs(), l.weightBytes(), Sqnr.format(l.sqnrDb())));
        }
        long int8Macs = 0, macs = 0;
        for (Layer l : layers) {
            macs += l.macs();
            if (l.precision() != Precision.FP32) int8Macs += l.macs();
        }
        b.append(String.format(java.util.Locale.ROOT, "%nlayers in 8 bits: %d of %d (%.1f%% of MACs)%n",
                layers.stream().filter(l -> l.precision() != Precision.FP32).count(), layers.size(), macs == 0 ? 0 : 100.0 * int8Macs / macs));
        outputSqnrDb.forEach((k, v) -> b.append("output '").append(k).append("' SQNR vs FP32: ").append(Sqnr.format(v)).append('\n'));
        if (!Double.isNaN(top1Agreement)) {
            b.append(String.format(java.util.Locale.ROOT, "top-1 agreement with FP32: %.2f%% over %d samples%n", 100 * top1Agreement, samples));
        }
        b.append(String.format(java.util.Locale.ROOT, "weights: %d B (FP32 %d B, %.2fx smaller)%n", weightBytes, fp32WeightBytes,
                fp32WeightBytes / (double) weightBytes));
        b.append(String.format(java.util.Locale.ROOT, "latency: %.3f ms (FP32 %.3f ms, %.2fx)%n", millis, fp32Millis, fp32Millis / millis));
        return b.toString();
    }
}
