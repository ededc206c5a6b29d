package io.frugal.cli;

import io.frugal.demo.RenderedSamples;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.Graph;
import io.frugal.models.OcrModel;
import io.frugal.onnx.OnnxImporter;
import io.frugal.plan.Plan;
import io.frugal.plan.Precision;
import io.frugal.plan.Rules;
import io.frugal.quant.CalibrationTable;
import io.frugal.quant.Calibrator;
import io.frugal.quant.PrecisionSearch;
import io.frugal.quant.QuantizationReport;
import io.frugal.quant.RangeMethod;
import io.frugal.quant.Sqnr;
import io.frugal.runtime.CompiledModel;
import io.frugal.runtime.ModelArchive;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code frugal quantize MODEL (--calib DIR | --rendered N) --out FILE [--report]}: calibrates, plans
 * the precision of every layer, compiles, and writes the model archive that {@code run} and the
 * API load without calibrating again.
 */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Calibrates an ONNX model, chooses each layer's precision (INT8 by default) and writes the "
                + "calibrated, compiled model (.frugal); --report compares it with FP32 layer by layer.")
final class QuantizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The .onnx file.")
    Path model;

    static final class Calibration {
        @Option(names = "--calib", paramLabel = "DIR", description = "calibration inputs: DIR/*.npy (one run each) for a "
                + "one-input model, DIR/INPUT/*.npy otherwise")
        Path dir;

        @Option(names = "--rendered", paramLabel = "N", description = "N runs of rendered text (PaddleOCR cls and det models)")
        Integer rendered;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Calibration calibration;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the model archive (.frugal)")
    Path out;

    @Option(names = "--report", description = "print per layer precision, MACs, weight bytes and output SQNR vs FP32, "
            + "then top-1 agreement and latency")
    boolean report;

    @Option(names = "--method", description = "activation range method: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    RangeMethod method = RangeMethod.MSE;

    @Option(names = "--percentile", description = "for --method percentile, in percent (default ${DEFAULT-VALUE})")
    double percentile = 99.99;

    @Option(names = "--precision", description = "precision of the weighted layers (default ${DEFAULT-VALUE})")
    Precision precision = Precision.INT8;

    @Option(names = "--first-last-fp32", description = "keep the first and last weighted layers in FP32")
    boolean firstLastFp32;

    @Option(names = "--auto-sqnr", paramLabel = "DB", description = "keep in FP32 the fewest layers that hold the output "
            + "SQNR vs FP32 (on the calibration set) at or above DB")
    Double autoSqnr;

    @Option(names = "--node", paramLabel = "NAME=PRECISION", description = "one node's precision (after the rules)")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--batch", description = "replaces the first dimension of every input")
    Integer batch;

    @Option(names = "--input-shape", paramLabel = "NAME=D0,D1,...", description = "the static shape of an input")
    List<String> inputShapes = new ArrayList<>();

    @Option(names = "--eval", paramLabel = "N", description = "with --rendered: runs of other rendered text the report is "
            + "measured on (default ${DEFAULT-VALUE})")
    int eval = 200;

    @Option(names = "--eval-dir", paramLabel = "DIR", description = "inputs the report is measured on, laid out like --calib "
            + "(default: the calibration inputs)")
    Path evalDir;

    @Option(names = "--runs", description = "timed runs per model for the report's latency (default ${DEFAULT-VALUE})")
    int runs = 20;

    @Option(names = "--seed", description = "seed of --rendered (default ${DEFAULT-VALUE}); the report's inputs use another")
    long seed = 11;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(model)) throw new IOException("no such file: " + model);
        if (calibration.rendered != null && calibration.rendered < 1) {
            throw new IllegalArgumentException("--rendered must be at least 1, got " + calibration.rendered);
        }
        if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
        if (precision == Precision.FP32) throw new IllegalArgumentException("--precision fp32 needs no calibration; use run");
        PrintWriter o = spec.commandLine().getOut();
        byte[] onnx = Files.readAllBytes(model);
        Graph g = OnnxImporter.load(onnx, model.toString()).graph();
        Map<String, long[]> shapes = InputShapes.resolve(g, model, inputShapes, batch);
        List<Map<String, float[]>> calib = calibration.dir != null ? readDir(g, calibration.dir, shapes)
                : rendered(g, shapes, calibration.rendered, seed);

        long t0 = System.nanoTime();
        CalibrationTable table = new Calibrator(method, percentile, null).calibrate(g, shapes, calib);
        o.printf(Locale.ROOT, "calibrated  %d runs, %s, %d value ranges in %.1f s%n", calib.size(), describe(), table.ranges().size(),
                (System.nanoTime() - t0) / 1e9);

        Plan.Builder pb = Plan.builder().defaultPrecision(precision);
        if (firstLastFp32) pb.rule("first and last layers FP32", Rules.firstAndLastLayers(g), Precision.FP32);
        for (String spec : nodes) {
            int eq = spec.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--node '" + spec + "' is not NAME=PRECISION");
            pb.node(spec.substring(0, eq), Precision.parse(spec.substring(eq + 1)));
        }
        Plan plan = pb.build();
        if (autoSqnr != null) {
            t0 = System.nanoTime();
            PrecisionSearch.Result r = new PrecisionSearch(g, shapes, table, calib).search(plan, autoSqnr);
            plan = r.plan();
            o.printf(Locale.ROOT, "auto plan   output SQNR %s with every candidate in %s; %s with %d layer(s) kept in FP32 %s (%.1f s)%n",
                    Sqnr.format(r.startSqnrDb()), precision, Sqnr.format(r.sqnrDb()), r.keptFp32().size(), r.keptFp32(),
                    (System.nanoTime() - t0) / 1e9);
        }

        try (CompiledModel compiled = CompiledModel.compile(g, shapes, plan, table)) {
            ModelArchive archive = ModelArchive.of(onnx, model.getFileName().toString(), compiled, table);
            archive.save(out);
            long quantized = compiled.steps().stream().filter(s -> s.precision() != Precision.FP32).count();
            o.printf(Locale.ROOT, "compiled    %d operators, %d in %s or its conversions; weights %,d B (FP32 %,d B)%n",
                    compiled.steps().size(), quantized, precision, compiled.weightBytes(), compiled.graph().parameterBytes());
            o.printf(Locale.ROOT, "wrote       %s (%,d B)%n", out, Files.size(out));
            if (report) {
                List<Map<String, float[]>> evalSet = evalDir != null ? readDir(g, evalDir, shapes)
                        : calibration.rendered != null ? rendered(g, shapes, eval, seed + 7919) : calib;
                o.printf(Locale.ROOT, "%nreport on %d %s runs (%s)%n", evalSet.size(), evalDir != null ? "--eval-dir"
                        : calibration.rendered != null ? "rendered" : "calibration", evalDir != null || calibration.rendered != null
                        ? "not used for calibration" : "the calibration set itself; give --eval-dir for held-out data");
                try (CompiledModel fp32 = CompiledModel.compile(g, shapes, Plan.fp32())) {
                    o.print(QuantizationReport.measure(fp32, compiled, evalSet, runs).format());
                }
            }
        }
        o.flush();
        return 0;
    }

    private String describe() {
        return method == RangeMethod.PERCENTILE ? "percentile " + percentile : method.name().toLowerCase(Locale.ROOT);
    }

    private List<Map<String, float[]>> rendered(Graph g, Map<String, long[]> shapes, int count, long seed) {
        OcrModel m = OcrModel.byFileName(model.getFileName().toString()).orElseThrow(() -> new IllegalArgumentException(
                "--rendered draws text for the PaddleOCR cls and det models; " + model.getFileName() + " is neither: use --calib DIR"));
        String input = g.inputs().get(0).name();
        return RenderedSamples.of(m, input, shapes.get(input), count, seed);
    }

    /** DIR/*.npy for a one-input model, DIR/INPUT/*.npy otherwise; file i of each input makes run i. */
    static List<Map<String, float[]>> readDir(Graph g, Path dir, Map<String, long[]> shapes) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException("no such directory: " + dir);
        Map<String, List<Path>> files = new LinkedHashMap<>();
        for (io.frugal.graph.Value in : g.inputs()) {
            Path d = g.inputs().size() == 1 ? dir : dir.resolve(in.name());
            if (!Files.isDirectory(d)) throw new IOException("no directory " + d + " for input '" + in.name() + "'");
            try (Stream<Path> s = Files.list(d)) {
                List<Path> npy = s.filter(p -> p.getFileName().toString().endsWith(".npy")).sorted().toList();
                if (npy.isEmpty()) throw new IllegalArgumentException("the calibration set is empty: no .npy files in " + d);
                files.put(in.name(), npy);
            }
        }
        int count = files.values().iterator().next().size();
        for (Map.Entry<String, List<Path>> e : files.entrySet()) {
            if (e.getValue().size() != count) {
                throw new IllegalArgumentException("input '" + e.getKey() + "' has " + e.getValue().size() + " files; others have " + count);
            }
        }
        List<Map<String, float[]>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, float[]> sample = new LinkedHashMap<>();
            for (Map.Entry<String, List<Path>> e : files.entrySet()) {
                NpyFile npy = NpyFile.read(e.getValue().get(i));
                long[] want = shapes.get(e.getKey());
                if (ConstantTensor.numElements(npy.shape()) != ConstantTensor.numElements(want)) {
                    throw new IllegalArgumentException(e.getValue().get(i) + " has shape " + Arrays.toString(npy.shape())
                            + "; input '" + e.getKey() + "' is compiled for " + Arrays.toString(want));
                }
                sample.put(e.getKey(), npy.data());
            }
            out.add(sample);
        }
        return out;
    }
}
