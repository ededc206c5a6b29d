package io.frugal.cli;

import io.frugal.graph.Graph;
import io.frugal.onnx.OnnxImporter;
import io.frugal.plan.Plan;
import io.frugal.plan.Precision;
import io.frugal.runtime.CompiledModel;
import io.frugal.runtime.ModelArchive;
import io.frugal.runtime.Session;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code frugal run MODEL (--input FILE.npy | --random)}: compiles, runs, prints outputs and latency. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Compiles an ONNX model for one precision, runs it on a .npy input or random data, "
                + "and prints its outputs and latency.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The .onnx file, or a .frugal archive from quantize.")
    Path model;

    static final class Source {
        @Option(names = "--input", paramLabel = "[NAME=]FILE.npy",
                description = "a float32/float64 .npy file per input (NAME= may be left out for a one-input model)")
        List<String> files = new ArrayList<>();

        @Option(names = "--random", description = "seeded uniform random inputs in [-1, 1]")
        boolean random;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--precision", description = "precision of every node (default FP32; a .frugal archive keeps its own plan); "
            + "one of ${COMPLETION-CANDIDATES}")
    Precision precision;

    @Option(names = "--batch", description = "replaces the first dimension of every input")
    Integer batch;

    @Option(names = "--input-shape", paramLabel = "NAME=D0,D1,...", description = "the static shape of an input")
    List<String> inputShapes = new ArrayList<>();

    @Option(names = "--runs", description = "timed runs after one warm-up (default ${DEFAULT-VALUE})")
    int runs = 10;

    @Option(names = "--seed", description = "seed of --random (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "also write each output as DIR/NAME.npy")
    Path outputDir;

    @Option(names = "--profile", description = "also time every operator and print the slowest, by op type and by node")
    boolean profile;

    @Option(names = "--show", description = "values printed per output (default ${DEFAULT-VALUE})")
    int show = 8;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(model)) throw new IOException("no such file: " + model);
        if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
        ModelArchive archive = model.getFileName().toString().endsWith(".frugal") ? ModelArchive.load(model) : null;
        if (archive != null && precision != null) {
            throw new IllegalArgumentException("--precision: " + model.getFileName() + " keeps the plan it was quantized with");
        }
        Graph g = archive != null ? archive.graph() : OnnxImporter.load(model).graph();
        Map<String, float[]> data = new LinkedHashMap<>();
        List<String> shapes = new ArrayList<>(inputShapes);
        if (archive != null && inputShapes.isEmpty()) {
            archive.inputShapes().forEach((k, v) -> shapes.add(k + "=" + String.join(",", Arrays.stream(v).mapToObj(Long::toString).toList())));
        }
        for (String spec : source.files) {
            int eq = spec.indexOf('=');
            String name = eq > 0 ? spec.substring(0, eq) : g.inputs().size() == 1 ? g.inputs().get(0).name() : null;
            if (name == null) throw new IllegalArgumentException("--input " + spec + ": name the input (NAME=FILE.npy); the model takes "
                    + g.inputs().stream().map(v -> v.name()).toList());
            NpyFile npy = NpyFile.read(Path.of(eq > 0 ? spec.substring(eq + 1) : spec));
            data.put(name, npy.data());
            shapes.add(name + "=" + String.join(",", Arrays.stream(npy.shape()).mapToObj(Long::toString).toList()));
        }
        if (batch != null && !source.files.isEmpty()) throw new IllegalArgumentException("--batch comes from the .npy files' shapes; leave it out");
        Map<String, long[]> bound = InputShapes.resolve(g, model, shapes, batch);
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        try (CompiledModel m = archive != null ? CompiledModel.compile(g, bound, archive.plan(), archive.calibration())
                : CompiledModel.compile(g, bound, Plan.of(precision == null ? Precision.FP32 : precision)); Session s = m.newSession()) {
            double compileMs = (System.nanoTime() - t0) / 1e6;
            SplittableRandom r = new SplittableRandom(seed);
            for (Map.Entry<String, long[]> e : bound.entrySet()) {
                float[] v = data.get(e.getKey());
                if (v == null) {
                    v = new float[(int) io.frugal.graph.ConstantTensor.numElements(e.getValue())];
                    for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
                }
                s.input(e.getKey()).copyFrom(v);
            }
            s.run();
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                s.run();
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            out.printf("model       %s%n", model);
            out.printf("precision   %s on CPU, %d operators, compiled in %.0f ms%n", describe(m), m.steps().size(), compileMs);
            for (Map.Entry<String, long[]> e : bound.entrySet()) {
                out.printf("input       %s %s%s%n", e.getKey(), Arrays.toString(e.getValue()), data.containsKey(e.getKey()) ? "" : " (random)");
            }
            for (String name : s.outputNames()) {
                float[] v = s.output(name).toFloatArray();
                long[] shape = m.outputShape(name);
                out.printf("output      %s %s  min %.6g  max %.6g  mean %.6g%n", name, Arrays.toString(shape), min(v), max(v), mean(v));
                StringBuilder first = new StringBuilder();
                for (int i = 0; i < Math.min(show, v.length); i++) first.append(i == 0 ? "" : ", ").append(String.format("%.6g", v[i]));
                out.printf("            [%s%s]%n", first, v.length > show ? ", ..." : "");
                if (outputDir != null) {
                    Files.createDirectories(outputDir);
                    new NpyFile(shape, v).write(outputDir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".npy"));
                }
            }
            out.printf("latency     median %.3f ms, min %.3f ms over %d runs (batch %d: %.3f ms per item)%n", ms[runs / 2], ms[0], runs,
                    bound.values().iterator().next()[0], ms[runs / 2] / bound.values().iterator().next()[0]);
            if (profile) printProfile(out, s.profile(Math.max(3, runs)), ms[runs / 2]);
            out.printf("memory      weights %,d B, activation arena %,d B (%,d B without reuse), %,d MACs%n", m.weightBytes(),
                    m.peakActivationBytes(), m.unsharedActivationBytes(), m.macs());
        }
        out.flush();
        return 0;
    }

    /** "FP32", or for a mixed plan the precisions with their operator counts, e.g. "INT8 (31 ops), FP32 (12 ops)". */
    private static String describe(CompiledModel m) {
        Map<Precision, Integer> counts = new java.util.EnumMap<>(Precision.class);
        for (io.frugal.runtime.StepInfo s : m.steps()) counts.merge(s.precision(), 1, Integer::sum);
        if (counts.size() == 1) return counts.keySet().iterator().next().toString();
        List<String> parts = new ArrayList<>();
        counts.forEach((p, n) -> parts.add(p + " (" + n + " ops)"));
        return String.join(", ", parts);
    }

    private static void printProfile(PrintWriter out, List<Session.StepTime> times, double runMs) {
        Map<String, double[]> byOp = new java.util.TreeMap<>();
        double total = 0;
        for (Session.StepTime t : times) {
            double[] acc = byOp.computeIfAbsent(t.step().opType(), k -> new double[2]);
            acc[0] += t.medianMillis();
            acc[1]++;
            total += t.medianMillis();
        }
        out.printf("profile     sum of per-operator medians %.3f ms (run median %.3f ms)%n", total, runMs);
        out.printf("  %-22s %6s %10s %7s%n", "op", "count", "ms", "share");
        List<Map.Entry<String, double[]>> ops = new ArrayList<>(byOp.entrySet());
        ops.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
        for (Map.Entry<String, double[]> e : ops) {
            out.printf("  %-22s %6d %10.3f %6.1f%%%n", e.getKey(), (int) e.getValue()[1], e.getValue()[0], 100 * e.getValue()[0] / total);
        }
        List<Session.StepTime> slow = new ArrayList<>(times);
        slow.sort((a, b) -> Double.compare(b.medianMillis(), a.medianMillis()));
        out.printf("  slowest operators:%n");
        for (Session.StepTime t : slow.subList(0, Math.min(10, slow.size()))) {
            out.printf("  %-28s %-18s %8.3f ms  %s%n", t.step().node(), t.step().opType(), t.medianMillis(), t.step().kernel());
        }
    }

    private static double min(float[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (float x : v) m = Math.min(m, x);
        return m;
    }

    private static double max(float[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (float x : v) m = Math.max(m, x);
        return m;
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return v.length == 0 ? 0 : s / v.length;
    }
}
