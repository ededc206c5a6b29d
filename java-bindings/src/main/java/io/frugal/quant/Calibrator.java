package io.frugal.quant;

import io.frugal.graph.Graph;
import io.frugal.plan.Plan;
import io.frugal.runtime.CompiledModel;
import io.frugal.runtime.Session;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Post-training calibration (DESIGN §4): runs the model in FP32 over a calibration set and records
 * the range of every value it writes. Two passes: the first finds each value's largest magnitude,
 * the second fills a histogram over that range, from which {@link RangeMethod} picks each
 * threshold. Samples are the model's inputs for one run each (at the input shapes given).
 *
 * <pre>{@code
 * CalibrationTable t = new Calibrator(RangeMethod.MSE).calibrate(graph, Map.of("x", shape), samples);
 * t.save(Path.of("cls.calib"));
 * }</pre>
 */
public final class Calibrator {
    private final RangeMethod method;
    private final double percentile;
    private final Progress progress;

    public Calibrator(RangeMethod method) {
        this(method, 99.99, null);
    }

    /**
     * @param percentile in percent, for {@link RangeMethod#PERCENTILE} (ignored otherwise)
     * @param progress   where to show progress; null: a bar on the terminal, nothing otherwise
     */
    public Calibrator(RangeMethod method, double percentile, Progress progress) {
        this.method = Objects.requireNonNull(method, "method is null");
        if (!(percentile > 0 && percentile <= 100)) throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
        this.percentile = percentile;
        this.progress = progress;
    }

    public CalibrationTable calibrate(Graph graph, Map<String, long[]> inputShapes, List<Map<String, float[]>> samples) {
        Objects.requireNonNull(graph, "graph is null");
        Objects.requireNonNull(samples, "samples are null");
        if (samples.isEmpty()) throw new IllegalArgumentException("the calibration set is empty: give at least one sample");
        for (int i = 0; i < samples.size(); i++) checkFinite(samples.get(i), i);
        Progress bar = progress != null ? progress : Progress.onTerminal("calibrating", 2L * samples.size());
        Map<String, double[]> absMax = new LinkedHashMap<>();
        Map<String, Histogram> histograms = new HashMap<>();
        List<io.frugal.graph.Node> nodes;
        try (CompiledModel model = CompiledModel.compile(graph, inputShapes, Plan.fp32()); Session s = model.newSession()) {
            nodes = model.graph().nodes();
            int done = 0;
            for (Map<String, float[]> sample : samples) {
                feed(s, sample);
                // The inputs too: an INT8 first layer quantizes the model's input at its range.
                for (Map.Entry<String, float[]> in : sample.entrySet()) {
                    double[] cell = absMax.computeIfAbsent(in.getKey(), k -> new double[1]);
                    for (float x : in.getValue()) cell[0] = Math.max(cell[0], Math.abs(x));
                }
                java.util.function.BiConsumer<String, float[]> record = (value, v) -> {
                    double m = 0;
                    for (float x : v) {
                        if (!Float.isFinite(x)) {
                            throw new IllegalArgumentException("value '" + value + "' holds " + x
                                    + ": the model's weights or inputs overflow in FP32");
                        }
                        m = Math.max(m, Math.abs(x));
                    }
                    double[] cell = absMax.computeIfAbsent(value, k -> new double[1]);
                    cell[0] = Math.max(cell[0], m);
                };
                runObserving(s, record);
                bar.update(++done);
            }
            for (Map.Entry<String, double[]> e : absMax.entrySet()) histograms.put(e.getKey(), new Histogram(e.getValue()[0]));
            for (Map<String, float[]> sample : samples) {
                feed(s, sample);
                for (Map.Entry<String, float[]> in : sample.entrySet()) {
                    histograms.get(in.getKey()).add(in.getValue(), 0, in.getValue().length, "input '" + in.getKey() + "'");
                }
                runObserving(s, (value, v) -> histograms.get(value).add(v, 0, v.length, "value '" + value + "'"));
                bar.update(++done);
            }
        }
        Map<String, TensorRange> ranges = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : absMax.entrySet()) {
            Histogram h = histograms.get(e.getKey());
            boolean unsigned = h.min() >= 0;
            double threshold = switch (method) {
                case MAX -> h.range();
                case PERCENTILE -> Math.min(h.range(), h.percentile(percentile / 100));
                case MSE -> h.mseThreshold(unsigned ? 255 : 127);
            };
            ranges.put(e.getKey(), new TensorRange(e.getKey(), h.min(), h.max(), h.range(), threshold, unsigned));
        }
        // A reshape is a view of its input's memory: no step writes it, so no run observed it, and its
        // values (hence its range) are exactly its input's. An INT8 reader (MatMul after Flatten) needs it.
        for (io.frugal.graph.Node n : nodes) {
            if (!n.domain().isEmpty() || !VIEWS.contains(n.opType()) || n.inputs().isEmpty()) continue;
            TensorRange in = ranges.get(n.inputs().get(0));
            String out = n.outputs().get(0);
            if (in != null && !ranges.containsKey(out)) {
                ranges.put(out, new TensorRange(out, in.min(), in.max(), in.absMax(), in.threshold(), in.unsigned()));
            }
        }
        return new CalibrationTable(GraphFingerprint.of(graph), method, percentile, samples.size(), inputShapes, ranges);
    }

    /**
     * One run, handing every value a step writes to record, then every graph output no step wrote
     * under its own name (one that is a view of another value, e.g. a conv output in NHWC over a
     * 1x1 image).
     */
    private static void runObserving(Session s, java.util.function.BiConsumer<String, float[]> record) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        s.run((step, value, tensor) -> {
            seen.add(value);
            record.accept(value, tensor.toFloatArray());
        });
        for (String out : s.outputNames()) {
            if (!seen.contains(out)) record.accept(out, s.output(out).toFloatArray());
        }
    }

    /** Ops whose output holds exactly their first input's values, in another shape. */
    private static final java.util.Set<String> VIEWS = java.util.Set.of("Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity");

    private static void feed(Session s, Map<String, float[]> sample) {
        for (Map.Entry<String, float[]> in : sample.entrySet()) {
            io.frugal.Tensor t = s.input(in.getKey());
            if (in.getValue().length != t.elementCount()) {
                throw new IllegalArgumentException("sample input '" + in.getKey() + "' has " + in.getValue().length + " values; the model takes "
                        + java.util.Arrays.toString(t.shape()));
            }
            t.copyFrom(in.getValue());
        }
    }

    private static void checkFinite(Map<String, float[]> sample, int index) {
        for (Map.Entry<String, float[]> e : sample.entrySet()) {
            float[] v = Objects.requireNonNull(e.getValue(), "sample " + index + " input '" + e.getKey() + "' is null");
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    throw new IllegalArgumentException("calibration sample " + index + ", input '" + e.getKey() + "' holds " + v[i]
                            + " at element " + i);
                }
            }
        }
    }
}
