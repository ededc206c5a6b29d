package io.frugal.cli;

import io.frugal.CpuInfo;
import io.frugal.Frugal;
import io.frugal.demo.OrientationDemo;
import io.frugal.models.ModelStore;
import io.frugal.models.ModelUnavailableException;
import io.frugal.models.OcrModel;
import io.frugal.onnx.OnnxImporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code frugal demo}: PaddleOCR's text-line orientation classifier on synthetic text lines, upright
 * and turned 180°, in every precision Frugal compiles: accuracy, agreement with FP32, latency per
 * image, weight bytes. Exits 3 when the model cannot be had (no npm, offline).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Classifies synthetic text lines as upright or turned 180 degrees with PaddleOCR's cls model,",
                "in every precision that compiles; prints accuracy, agreement with fp32, latency and weight bytes.",
                "Exit codes: 0 done, 2 bad arguments or a failure, 3 the model is unavailable (npm missing or offline)."})
final class DemoCommand implements Callable<Integer> {
    /** Exit code when the model cannot be fetched. */
    static final int MODEL_UNAVAILABLE = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--count", description = "text lines, even, at least 2: half upright, half turned (default ${DEFAULT-VALUE})")
    int count = 200;

    @Option(names = "--batch", description = "images per model run (default ${DEFAULT-VALUE})")
    int batch = 1;

    @Option(names = "--seed", description = "seed of the rendered lines (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--json", description = "one JSON object per precision, one per line, instead of the table")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (count < 2 || count % 2 != 0) {
            throw new ParameterException(spec.commandLine(), "--count must be even and at least 2, got " + count);
        }
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batch);
        }
        // The lines are drawn off-screen: never ask for a display (a stale DISPLAY would fail AWT's start).
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        PrintWriter out = spec.commandLine().getOut();
        Path model;
        try {
            model = ModelStore.ocr(OcrModel.CLS);
        } catch (ModelUnavailableException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("frugal: the demo's model (" + OcrModel.CLS.fileName() + " from npm " + OcrModel.PACKAGE
                    + ") is unavailable: " + e.getMessage());
            err.flush();
            return MODEL_UNAVAILABLE;
        }
        OrientationDemo.Options options = new OrientationDemo.Options(count, batch, seed, 5);
        List<OrientationDemo.Row> rows = OrientationDemo.run(OnnxImporter.load(model).graph(), options);
        if (json) {
            for (OrientationDemo.Row r : rows) out.println(json(r));
        } else {
            CpuInfo cpu = Frugal.cpuInfo();
            String omp = System.getenv("OMP_NUM_THREADS");
            out.printf(Locale.ROOT, "text-line orientation (0 vs 180 degrees): %s, %d lines (%d texts upright and turned),"
                    + " batch %d, seed %d; %s, %d threads%s%n", OcrModel.CLS.fileName(), count, count / 2, batch, seed,
                    cpu.brand(), cpu.logicalCores(), omp == null ? "" : " (OMP_NUM_THREADS=" + omp + ")");
            out.println();
            out.printf(Locale.ROOT, "%-14s %9s %10s %15s %14s%n", "precision", "accuracy", "agreement", "latency/image", "weight bytes");
            for (OrientationDemo.Row r : rows) {
                out.printf(Locale.ROOT, "%-14s %8.1f%% %10s %12.3f ms %,14d%n", name(r), 100 * r.accuracy(),
                        Double.isNaN(r.agreement()) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * r.agreement()),
                        r.latencyMs(), r.weightBytes());
            }
            if (rows.stream().anyMatch(r -> r.precision() == io.frugal.plan.Precision.BINARY
                    || r.precision() == io.frugal.plan.Precision.BINARY_WEIGHTS)) {
                out.println();
                out.println("binary, binary_weights: this model was trained in full precision; binarizing its activations and"
                        + " weights (XNOR convolutions, 1-bit weights), or only its weights, destroys what it learned, so its"
                        + " accuracy falls to about chance. The rows show the speed and size; a network trained binary (Larq,"
                        + " XNOR-Net, BWN) keeps its accuracy. binary_weights runs the 1-bit-weight BWN convolution (BinaryWeightConv2d).");
            }
        }
        out.flush();
        return 0;
    }

    private static String name(OrientationDemo.Row r) {
        return r.precision().name().toLowerCase(Locale.ROOT);
    }

    /** {"precision":"fp32","accuracy":0.975,"agreement":1.0,"latency_ms":1.234,"weight_bytes":...,"images":200,"batch":1} */
    static String json(OrientationDemo.Row r) {
        return String.format(Locale.ROOT, "{\"precision\":\"%s\",\"accuracy\":%s,\"agreement\":%s,\"latency_ms\":%s,"
                        + "\"weight_bytes\":%d,\"images\":%d,\"batch\":%d}", name(r), number(r.accuracy()), number(r.agreement()),
                number(r.latencyMs()), r.weightBytes(), r.images(), r.batch());
    }

    /** A JSON number, null for NaN or infinity (JSON has neither). */
    private static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return "null";
        return Double.toString(v);
    }
}
