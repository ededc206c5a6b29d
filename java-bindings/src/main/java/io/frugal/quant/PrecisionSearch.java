package io.frugal.quant;

import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.plan.Plan;
import io.frugal.plan.Precision;
import io.frugal.plan.Rules;
import io.frugal.runtime.CompiledModel;
import io.frugal.runtime.Session;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The automatic plan (issue 4): per weighted layer, the cheapest precision that keeps the model's
 * output SQNR against FP32, over the calibration samples, at or above a threshold.
 *
 * <p>Sensitivity analysis, as TensorRT's and NNCF's mixed-precision searches do it: if the start
 * plan already meets the threshold it is the answer. Otherwise each candidate layer is run alone in
 * its cheap precision (everything else FP32) and ranked by the output SQNR that costs; then the
 * smallest number k of the most sensitive layers to keep in FP32 is found by bisection over k
 * (log2 n compiles). Keeping every layer in FP32 always meets the threshold, so a plan is always
 * found.
 */
public final class PrecisionSearch {
    /**
     * What the search chose.
     *
     * @param plan the start plan with the kept layers named FP32
     * @param sqnrDb the chosen plan's output SQNR (dB) on the samples
     * @param startSqnrDb the start plan's output SQNR
     * @param sensitivityDb each candidate's output SQNR when it alone runs in its cheap precision
     *     (empty when the start plan met the threshold)
     * @param keptFp32 the layers the search put back in FP32, most sensitive first
     */
    public record Result(Plan plan, double sqnrDb, double startSqnrDb, Map<String, Double> sensitivityDb, List<String> keptFp32) {}

    private final Graph graph;
    private final Map<String, long[]> inputShapes;
    private final CalibrationTable calibration;
    private final List<Map<String, float[]>> samples;
    private final List<Map<String, float[]>> reference;

    /**
     * @param samples model inputs, one run each, at inputShapes (the calibration set serves)
     */
    public PrecisionSearch(Graph graph, Map<String, long[]> inputShapes, CalibrationTable calibration, List<Map<String, float[]>> samples) {
        this.graph = Objects.requireNonNull(graph, "graph is null");
        this.inputShapes = Objects.requireNonNull(inputShapes, "inputShapes is null");
        this.calibration = Objects.requireNonNull(calibration, "calibration is null");
        this.samples = List.copyOf(Objects.requireNonNull(samples, "samples are null"));
        if (samples.isEmpty()) throw new IllegalArgumentException("the precision search needs at least one sample");
        try (CompiledModel fp32 = CompiledModel.compile(graph, inputShapes, Plan.fp32())) {
            this.reference = outputs(fp32, samples);
        }
    }

    /** The model's output SQNR (dB) under plan, over the samples, against FP32. */
    public double sqnr(Plan plan) {
        try (CompiledModel m = CompiledModel.compile(graph, inputShapes, plan, calibration)) {
            List<Map<String, float[]>> got = outputs(m, samples);
            Sqnr s = new Sqnr();
            for (int i = 0; i < got.size(); i++) {
                for (Map.Entry<String, float[]> e : reference.get(i).entrySet()) s.add(e.getValue(), got.get(i).get(e.getKey()));
            }
            return s.db();
        }
    }

    /**
     * Searches from start (e.g. every node INT8, or INT8 with the first and last layers FP32): the
     * weighted layers start gives a precision other than FP32 are the candidates.
     *
     * @param minSqnrDb the output SQNR the plan must keep, in dB (e.g. 30)
     */
    public Result search(Plan start, double minSqnrDb) {
        Objects.requireNonNull(start, "start plan is null");
        if (!Double.isFinite(minSqnrDb)) throw new IllegalArgumentException("the SQNR threshold must be finite, got " + minSqnrDb);
        double startDb = sqnr(start);
        if (startDb >= minSqnrDb) return new Result(start, startDb, startDb, Map.of(), List.of());

        Graph optimized;
        try (CompiledModel m = CompiledModel.compile(graph, inputShapes, start, calibration)) {
            optimized = m.graph();
        }
        Map<String, Precision> candidates = new LinkedHashMap<>();
        for (Node n : optimized.nodes()) {
            Precision p = start.precisionOf(n);
            if (p != Precision.FP32 && Rules.isWeightedLayer(optimized, n)) candidates.put(n.name(), p);
        }
        Map<String, Double> sensitivity = new LinkedHashMap<>();
        for (Map.Entry<String, Precision> c : candidates.entrySet()) {
            sensitivity.put(c.getKey(), sqnr(Plan.builder().node(c.getKey(), c.getValue()).build()));
        }
        List<String> order = new ArrayList<>(sensitivity.keySet());
        order.sort(Comparator.comparingDouble(sensitivity::get));
        // Bisection for the fewest most-sensitive layers to keep in FP32: k = order.size() always passes.
        int lo = 0, hi = order.size();
        double hiDb = Double.POSITIVE_INFINITY;
        while (lo + 1 < hi) {
            int mid = (lo + hi) >>> 1;
            double db = sqnr(keep(start, order.subList(0, mid)));
            if (db >= minSqnrDb) {
                hi = mid;
                hiDb = db;
            } else {
                lo = mid;
            }
        }
        List<String> kept = List.copyOf(order.subList(0, hi));
        Plan plan = keep(start, kept);
        if (hiDb == Double.POSITIVE_INFINITY) hiDb = sqnr(plan);
        return new Result(plan, hiDb, startDb, sensitivity, kept);
    }

    private static Plan keep(Plan start, List<String> fp32) {
        Plan.Builder b = start.toBuilder();
        for (String n : fp32) b.node(n, Precision.FP32);
        return b.build();
    }

    /** Runs m on every sample and copies out its outputs. */
    static List<Map<String, float[]>> outputs(CompiledModel m, List<Map<String, float[]>> samples) {
        List<Map<String, float[]>> out = new ArrayList<>();
        try (Session s = m.newSession()) {
            for (Map<String, float[]> sample : samples) out.add(s.runArrays(sample));
        }
        return out;
    }
}
