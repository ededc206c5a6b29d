package io.frugal.bench;

import io.frugal.problems.Conv2dProblem;
import io.frugal.Conv2d;
import io.frugal.CpuInfo;
import io.frugal.DType;
import io.frugal.Frugal;
import io.frugal.Isa;
import io.frugal.Layout;
import io.frugal.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON results into a Markdown table with GFLOPS (as benchdnn counts them) and the
 * fraction of this machine's fp32 peak. When {@link Conv2dBenchmark} and {@link OneDnnBaselineBenchmark}
 * both measured a shape and layout, a second table gives the time ratio oneDNN direct / Frugal
 * (the "Frugal / oneDNN direct" speed: above 1, Frugal is faster). {@link ModelBenchmark} results get
 * a table per model with the time ratio Frugal / ONNX Runtime (below 1, Frugal is faster).
 * {@link Int8ConvBenchmark} results get their own table in GMAC/s against the MAC peak of their
 * precision, and a table of INT8 / FP32 speed ratios per shape (above 1, int8 is faster).
 * {@link BinaryConvBenchmark} results get {@link BinaryReport}'s table.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar Conv2d -rf json -rff results.json
 * java -cp bench/target/benchmarks.jar io.frugal.bench.BenchReport results.json
 * </pre>
 *
 * System properties: {@code frugal.ghz} (else "cpu MHz" of the first core in /proc/cpuinfo),
 * {@code frugal.cores} (else {@code Runtime.availableProcessors()}), {@code frugal.flopsPerCycle}
 * (else from the effective ISA), {@code frugal.measuredPeakGflops} (adds a column against a
 * measured peak, e.g. from {@code bench/peak/peak_fma.c}), {@code frugal.int8MacsPerCycle} (else
 * from the effective ISA, see {@link Peak}), {@code frugal.resolveKernels=false} (skip creating
 * each operator to name the kernel it picks).
 */
public final class BenchReport {
    private BenchReport() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -cp bench/target/benchmarks.jar io.frugal.bench.BenchReport results.json");
            System.exit(2);
        }
        Object root = Json.parse(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        if (!(root instanceof List<?> runs)) throw new IllegalArgumentException(args[0] + " is not a JMH JSON result array");
        System.out.print(report(runs, Peak.ofThisMachine(), Boolean.parseBoolean(System.getProperty("frugal.resolveKernels",
                "true"))));
    }

    /** One JMH result, flattened. */
    record Row(String benchmark, Map<String, String> params, double score, double error, String unit, String settings) {
        String method() {
            return benchmark.substring(benchmark.lastIndexOf('.') + 1);
        }

        String shortName() {
            String[] parts = benchmark.split("\\.");
            return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
        }

        /** The score in milliseconds per operation, NaN for units other than time per op. */
        double toMillis(double v) {
            double scale = switch (unit) {
                case "ns/op" -> 1e-6;
                case "us/op" -> 1e-3;
                case "ms/op" -> 1;
                case "s/op" -> 1e3;
                default -> Double.NaN;
            };
            return v * scale;
        }
    }

    static String report(List<?> runs, Peak peak, boolean resolveKernels) {
        List<Row> rows = new ArrayList<>();
        for (Object o : runs) rows.add(row(o));
        List<Row> convs = new ArrayList<>();
        List<Row> models = new ArrayList<>();
        List<Row> int8 = new ArrayList<>();
        List<Row> binary = new ArrayList<>();
        List<Row> others = new ArrayList<>();
        Map<Row, Conv2dProblem> shapes = new HashMap<>();
        for (Row r : rows) {
            Conv2dProblem s = shapeOf(r);
            if (BinaryReport.isBinary(r)) {
                binary.add(r);
            } else if (s != null) {
                shapes.put(r, s);
                (isInt8(r) ? int8 : convs).add(r);
            } else if (isModel(r)) {
                models.add(r);
            } else {
                others.add(r);
            }
        }

        StringBuilder out = new StringBuilder();
        if (!rows.isEmpty()) {
            Map<?, ?> first = (Map<?, ?>) runs.get(0);
            out.append(String.format(Locale.ROOT, "JMH %s, JDK %s (%s); %s; %s%n%n", first.get("jmhVersion"),
                    first.get("jdkVersion"), first.get("vmName"), rows.get(0).settings(), cpuLine()));
        }
        if (!convs.isEmpty()) {
            boolean measured = peak.measuredGflops() > 0;
            out.append("| benchmark | shape | layout | kernel | ms (score ± error) | GFLOPS | % of peak |")
                    .append(measured ? " % of measured peak |" : "").append('\n');
            out.append("|---|---|---|---|---:|---:|---:|").append(measured ? "---:|" : "").append('\n');
            for (Row r : convs) {
                Conv2dProblem s = shapes.get(r);
                double ms = r.toMillis(r.score());
                double gflops = s.flops() / (ms * 1e-3) / 1e9;
                String layout = r.params().getOrDefault("layout", "");
                String kernel;
                if (isBaseline(r)) {
                    kernel = "oneDNN direct";
                    if (resolveKernels) kernel += " (" + OneDnnBaselineBenchmark.implName(s,
                            layout.isEmpty() ? s.params().layout() : Layout.valueOf(layout)) + ")";
                } else {
                    kernel = r.params().getOrDefault("kernel", "");
                    if (resolveKernels) kernel = kernel + " (" + resolveKernel(s, layout, kernel) + ")";
                }
                String shapeCell = s.label() + (s.name().isEmpty() ? "" : " " + s.shortName());
                out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.1f | %.0f%% |", r.shortName(), shapeCell,
                        layout, kernel, scoreCell(ms, r.toMillis(r.error())), gflops, 100 * gflops / peak.gflops()));
                if (measured) out.append(String.format(Locale.ROOT, " %.0f%% |", 100 * gflops / peak.measuredGflops()));
                out.append('\n');
            }
            out.append('\n').append(peak.describe()).append('\n');
            out.append("GFLOPS = 2*MB*OC*OH*OW*(IC/G)*KH*KW / time (benchdnn's count); error = JMH's 99.9% confidence"
                    + " half-width (n/a with too few iterations).\n");
            out.append(ratios(convs));
        }
        if (!int8.isEmpty()) out.append(convs.isEmpty() ? "" : "\n").append(int8(int8, shapes, peak, resolveKernels));
        if (!binary.isEmpty()) {
            out.append(convs.isEmpty() && int8.isEmpty() ? "" : "\n").append(BinaryReport.table(binary, peak, Peak.effectiveIsa()));
        }
        if (!models.isEmpty()) out.append(convs.isEmpty() && int8.isEmpty() && binary.isEmpty() ? "" : "\n").append(models(models));
        if (!others.isEmpty()) {
            boolean overhead = others.stream().allMatch(r -> r.benchmark().contains("NativeCallBenchmark"));
            out.append('\n').append(overhead ? "Per-operator overhead (noop: an empty JNI call; conv2d1x1: a whole"
                    + " Conv2d.run on 1x1x1x1):" : "Other results:").append('\n');
            for (Row r : others) {
                String p = r.params().isEmpty() ? "" : " " + r.params().toString().replace('{', '[').replace('}', ']');
                out.append("- ").append(r.shortName()).append(p).append(": ").append(scoreCell(r.score(), r.error()))
                        .append(' ').append(r.unit()).append('\n');
            }
        }
        return out.toString();
    }

    private static final String FRUGAL = "Conv2dBenchmark.conv2d";
    private static final String BASELINE = "OneDnnBaselineBenchmark.conv2d";

    private static boolean isBaseline(Row r) {
        return r.shortName().equals(BASELINE);
    }

    /**
     * "Frugal / oneDNN direct": for each Conv2dBenchmark result with an OneDnnBaselineBenchmark
     * result of the same shape and layout, baseline ms / Frugal ms (> 1: Frugal faster). The error
     * combines both relative errors in quadrature. "" when no pair exists.
     */
    static String ratios(List<Row> convs) {
        Map<String, Row> baseline = new LinkedHashMap<>();
        for (Row r : convs) if (isBaseline(r)) baseline.putIfAbsent(pairKey(r), r);
        StringBuilder b = new StringBuilder();
        for (Row r : convs) {
            if (!r.shortName().equals(FRUGAL)) continue;
            Row base = baseline.get(pairKey(r));
            if (base == null) continue;
            double frugalMs = r.toMillis(r.score());
            double baseMs = base.toMillis(base.score());
            double ratio = baseMs / frugalMs;
            double err = ratio * Math.hypot(r.error() / r.score(), base.error() / base.score());
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", r.params().get("shape"),
                    r.params().getOrDefault("layout", ""), r.params().getOrDefault("kernel", ""),
                    scoreCell(frugalMs, r.toMillis(r.error())), scoreCell(baseMs, base.toMillis(base.error())),
                    String.format(Locale.ROOT, "%.3f", ratio) + " ± "
                            + (Double.isNaN(err) ? "n/a" : String.format(Locale.ROOT, "%.3f", err))));
        }
        if (b.length() == 0) return "";
        return "\nFrugal vs oneDNN called directly from Java (OneDnnBaselineBenchmark), same run; ratio = oneDNN direct ms"
                + " / Frugal ms, > 1: Frugal faster:\n\n"
                + "| shape | layout | kernel | Frugal ms | oneDNN direct ms | Frugal / oneDNN direct (speed) |\n"
                + "|---|---|---|---:|---:|---:|\n" + b;
    }

    private static final String INT8 = "Int8ConvBenchmark.conv";

    /** An Int8ConvBenchmark result with a known precision. */
    private static boolean isInt8(Row r) {
        if (!r.shortName().equals(INT8)) return false;
        try {
            Int8ConvBenchmark.Precision.valueOf(r.params().getOrDefault("precision", ""));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Int8ConvBenchmark: a table in GMAC/s (MB*OC*OH*OW*(IC/G)*KH*KW / time) with the fraction of
     * the precision's MAC peak (fp32: half the FLOP peak; int8: {@link Peak#int8Gmacs}), then, per
     * shape, layout and kernel pin, the speed ratios FP32 ms / INT8 ms of each int8 precision
     * (> 1: int8 faster; errors in quadrature) where FP32 ran too.
     */
    static String int8(List<Row> rows, Map<Row, Conv2dProblem> shapes, Peak peak, boolean resolveKernels) {
        StringBuilder b = new StringBuilder();
        b.append("int8 vs fp32 convolution (Int8ConvBenchmark, batch 1); % of peak against the precision's MAC peak:\n\n");
        b.append("| shape | layout | precision | kernel | ms (score ± error) | GMAC/s | % of peak |\n");
        b.append("|---|---|---|---|---:|---:|---:|\n");
        // (shape, layout, kernel pin, shape files) -> precision -> result
        Map<String, Map<Int8ConvBenchmark.Precision, Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) {
            Conv2dProblem s = shapes.get(r);
            var precision = Int8ConvBenchmark.Precision.valueOf(r.params().get("precision"));
            double ms = r.toMillis(r.score());
            double gmacs = s.params().macs() / (ms * 1e-3) / 1e9;
            double peakGmacs = precision.int8() ? peak.int8Gmacs() : peak.gflops() / 2;
            String layout = r.params().getOrDefault("layout", "NHWC");
            String kernel = r.params().getOrDefault("kernel", "auto");
            if (resolveKernels) kernel = kernel + " (" + resolveInt8Kernel(s, layout, precision, kernel) + ")";
            String shapeCell = s.label() + (s.name().isEmpty() ? "" : " " + s.shortName());
            double pct = 100 * gmacs / peakGmacs;
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | " + (gmacs >= 1 ? "%.1f" : "%.3f") + " | "
                    + (pct >= 1 ? "%.0f" : "%.2f") + "%% |%n", shapeCell, layout, precision, kernel,
                    scoreCell(ms, r.toMillis(r.error())), gmacs, pct));
            String key = r.params().get("shape") + "\u0000" + layout + "\u0000" + r.params().getOrDefault("kernel", "")
                    + "\u0000" + r.params().getOrDefault("shapes", "");
            groups.computeIfAbsent(key, k -> new java.util.EnumMap<>(Int8ConvBenchmark.Precision.class))
                    .putIfAbsent(precision, r);
        }
        b.append('\n').append(peak.describeInt8()).append('\n');
        b.append("GMAC/s = MB*OC*OH*OW*(IC/G)*KH*KW / time (half of benchdnn's FLOP count).\n");

        List<Int8ConvBenchmark.Precision> int8s = new ArrayList<>();
        for (var p : Int8ConvBenchmark.Precision.values()) {
            if (p.int8() && groups.values().stream().anyMatch(g -> g.containsKey(p) && g.containsKey(Int8ConvBenchmark.Precision.FP32))) {
                int8s.add(p);
            }
        }
        if (int8s.isEmpty()) return b.toString();
        b.append("\nINT8 vs FP32, same run; ratio = FP32 ms / INT8 ms, > 1: int8 faster:\n\n| shape | layout | kernel | FP32 ms |");
        for (var p : int8s) b.append(' ').append(p).append(" ms | ").append(p).append(" / FP32 (speed) |");
        b.append("\n|---|---|---|---:|").append("---:|---:|".repeat(int8s.size())).append('\n');
        for (var g : groups.values()) {
            Row f = g.get(Int8ConvBenchmark.Precision.FP32);
            if (f == null) continue;
            double fMs = f.toMillis(f.score());
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |", f.params().get("shape"),
                    f.params().getOrDefault("layout", "NHWC"), f.params().getOrDefault("kernel", "auto"),
                    scoreCell(fMs, f.toMillis(f.error()))));
            for (var p : int8s) {
                Row q = g.get(p);
                if (q == null) {
                    b.append(" - | - |");
                    continue;
                }
                double qMs = q.toMillis(q.score());
                double ratio = fMs / qMs;
                double err = ratio * Math.hypot(f.error() / f.score(), q.error() / q.score());
                b.append(' ').append(scoreCell(qMs, q.toMillis(q.error()))).append(" | ")
                        .append(String.format(Locale.ROOT, "%.3f", ratio)).append(" ± ")
                        .append(Double.isNaN(err) ? "n/a" : String.format(Locale.ROOT, "%.3f", err)).append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The kernel an Int8ConvBenchmark row runs on this machine, e.g. ref:direct; "?" if it cannot be created here. */
    private static String resolveInt8Kernel(Conv2dProblem s, String layout, Int8ConvBenchmark.Precision precision,
                                            String kernel) {
        try (var op = Int8ConvBenchmark.create(s, Layout.valueOf(layout), precision, kernel,
                new java.util.SplittableRandom(42))) {
            return op.kernel();
        } catch (RuntimeException | LinkageError e) {
            return "?";
        }
    }

    private static final String MODEL = "ModelBenchmark.infer";

    /** A ModelBenchmark result with its model and engine, in a time unit. */
    private static boolean isModel(Row r) {
        return r.shortName().equals(MODEL) && r.params().containsKey("model") && r.params().containsKey("engine")
                && !Double.isNaN(r.toMillis(r.score()));
    }

    /**
     * Whole models (ModelBenchmark): one line per model and precision (fp32: engines frugal and
     * onnxruntime; int8: frugal-int8 and onnxruntime-int8) with Frugal's and ONNX Runtime's times
     * and the time ratio Frugal ms / ONNX Runtime ms (< 1: Frugal faster; errors in quadrature),
     * "-" when one engine did not run. Then, where an engine ran in both precisions, its speed-up
     * FP32 ms / INT8 ms (> 1: int8 faster). "" when there are no such results.
     */
    static String models(List<Row> models) {
        if (models.isEmpty()) return "";
        // (model, precision) -> {Frugal, ONNX Runtime}
        Map<String, Row[]> byModel = new LinkedHashMap<>();
        boolean int8 = false;
        for (Row r : models) {
            String engine = r.params().get("engine");
            boolean q = engine.endsWith("-int8");
            String base = q ? engine.substring(0, engine.length() - "-int8".length()) : engine;
            int slot = switch (base) {
                case "frugal" -> 0;
                case "onnxruntime" -> 1;
                default -> -1;
            };
            if (slot < 0) continue;
            int8 |= q;
            Row[] pair = byModel.computeIfAbsent(r.params().get("model") + "\u0000" + (q ? "int8" : "fp32"), k -> new Row[2]);
            if (pair[slot] == null) pair[slot] = r;
        }
        StringBuilder b = new StringBuilder();
        b.append("Whole models (ModelBenchmark: batch 1, same input, same thread count), same run;"
                + " ratio = Frugal ms / ONNX Runtime ms, < 1: Frugal faster")
                .append(int8 ? " (int8: both from one calibration; ONNX Runtime runs a QDQ model it fuses into QLinearConv)" : "")
                .append(":\n\n");
        b.append("| model | precision | input | Frugal ms | ONNX Runtime ms | Frugal / ORT (time) |\n");
        b.append("|---|---|---|---:|---:|---:|\n");
        for (Map.Entry<String, Row[]> e : byModel.entrySet()) {
            String[] key = e.getKey().split("\u0000");
            Row f = e.getValue()[0], o = e.getValue()[1];
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", key[0], key[1], inputOf(key[0]), cell(f), cell(o),
                    f != null && o != null ? ratioCell(f, o) : "-"));
        }
        if (!int8) return b.toString();
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Row[]> e : byModel.entrySet()) {
            String[] key = e.getKey().split("\u0000");
            if (!key[1].equals("fp32")) continue;
            Row[] q = byModel.get(key[0] + "\u0000int8");
            if (q == null) continue;
            Row[] f = e.getValue();
            if ((f[0] == null || q[0] == null) && (f[1] == null || q[1] == null)) continue;
            s.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", key[0],
                    f[0] != null && q[0] != null ? ratioCell(f[0], q[0]) : "-", f[1] != null && q[1] != null ? ratioCell(f[1], q[1]) : "-"));
        }
        if (s.length() > 0) {
            b.append("\nINT8 vs FP32 per engine, same run; ratio = FP32 ms / INT8 ms, > 1: int8 faster:\n\n");
            b.append("| model | Frugal FP32 / INT8 (speed) | ONNX Runtime FP32 / INT8 (speed) |\n|---|---:|---:|\n").append(s);
        }
        return b.toString();
    }

    private static String cell(Row r) {
        return r == null ? "-" : scoreCell(r.toMillis(r.score()), r.toMillis(r.error()));
    }

    /** num ms / den ms with the relative errors combined in quadrature. */
    private static String ratioCell(Row num, Row den) {
        double q = num.toMillis(num.score()) / den.toMillis(den.score());
        double err = q * Math.hypot(num.error() / num.score(), den.error() / den.score());
        return String.format(Locale.ROOT, "%.3f", q) + " ± " + (Double.isNaN(err) ? "n/a" : String.format(Locale.ROOT, "%.3f", err));
    }

    /** ModelBenchmark's input shape for a model, e.g. 1x3x48x192; "?" for a model it does not know. */
    private static String inputOf(String model) {
        try {
            long[] s = ModelBenchmark.inputShape(model);
            StringBuilder b = new StringBuilder();
            for (long d : s) b.append(b.length() == 0 ? "" : "x").append(d);
            return b.toString();
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    /** What a Frugal result and its baseline share: shape and layout. */
    private static String pairKey(Row r) {
        return r.params().get("shape") + "\u0000" + r.params().getOrDefault("layout", "");
    }

    static Row row(Object o) {
        Map<?, ?> m = (Map<?, ?>) o;
        Map<String, String> params = new java.util.LinkedHashMap<>();
        if (m.get("params") instanceof Map<?, ?> p) p.forEach((k, v) -> params.put(k.toString(), v.toString()));
        Map<?, ?> metric = (Map<?, ?>) m.get("primaryMetric");
        String settings = String.format(Locale.ROOT, "forks %s, %s iterations x %s (warm-up %s x %s), threads %s",
                intText(m.get("forks")), intText(m.get("measurementIterations")), m.get("measurementTime"),
                intText(m.get("warmupIterations")), m.get("warmupTime"), intText(m.get("threads")));
        return new Row((String) m.get("benchmark"), params, Json.number(metric.get("score")),
                Json.number(metric.get("scoreError")), (String) metric.get("scoreUnit"), settings);
    }

    /** The conv problem a result measured: its "shape" parameter, if it names one. */
    private static Conv2dProblem shapeOf(Row r) {
        String key = r.params().get("shape");
        if (key == null || Double.isNaN(r.toMillis(r.score()))) return null;
        try {
            return ConvShapes.resolve(ConvShapes.files(r.params().getOrDefault("shapes", "all")), key);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The kernel Conv2d.create picks for this row on this machine, e.g. onednn:brg_conv_fwd:avx2. */
    private static String resolveKernel(Conv2dProblem s, String layout, String kernel) {
        try {
            var p = s.params(layout.isEmpty() ? s.params().layout() : Layout.valueOf(layout));
            try (Tensor w = Tensor.allocate(DType.F32, p.weightShape());
                 Conv2d conv = Conv2d.create(p, w, null, kernel.isEmpty() ? null : kernel)) {
                return conv.kernel();
            }
        } catch (RuntimeException | LinkageError e) {
            return "?";
        }
    }

    private static String scoreCell(double v, double err) {
        String f = Math.abs(v) >= 100 ? "%.1f" : Math.abs(v) >= 1 ? "%.3f" : "%.4f";
        return String.format(Locale.ROOT, f, v) + " ± " + (Double.isNaN(err) ? "n/a" : String.format(Locale.ROOT, f, err));
    }

    private static String intText(Object v) {
        return v instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : String.valueOf(v);
    }

    private static String cpuLine() {
        try {
            CpuInfo c = Frugal.cpuInfo();
            String omp = System.getenv("OMP_NUM_THREADS");
            return "CPU " + c.brand() + ", effective ISA " + c.effectiveIsa().id()
                    + (c.maxIsaEnv().isEmpty() ? "" : " (FRUGAL_MAX_ISA=" + c.maxIsaEnv() + ")")
                    + (omp == null ? "" : ", OMP_NUM_THREADS=" + omp + " (peak counts all cores unless -Dfrugal.cores)");
        } catch (RuntimeException | LinkageError e) {
            return "CPU unknown (natives did not load: " + e + ")";
        }
    }

    /**
     * fp32 peak = cores x GHz x FLOPs per cycle, int8 peak = cores x GHz x int8 MACs per cycle,
     * and where each number came from.
     *
     * <p>int8 MACs per cycle and core, assumed from the ISA (exact s32 accumulation, as Frugal's
     * int8 arithmetic is), with fp32's 2 FMA units: AVX2 32 (u8/s8 widened to s16, then vpmaddwd:
     * 2 units x 16 products = 2x the fp32 FMA MACs; vpmaddubsw would be 4x but saturates s16),
     * AVX-512 64 (vpmaddwd, also 2x), AVX-512 VNNI 128 (vpdpbusd: 2 units x 64 = 4x), AMX 1024 (one
     * TDPBUSD tile multiply, 16x16x64 = 16384 MACs, per 16 cycles: 32x the AVX-512 fp32 MACs; the
     * figure Intel states as 2048 int8 ops per cycle and core on Sapphire Rapids). With
     * {@code -Dfrugal.flopsPerCycle} the vector factors (2x, 2x, 4x) scale that instead;
     * {@code -Dfrugal.int8MacsPerCycle} sets the figure outright.
     *
     * @param measuredGflops a measured peak for a second column, 0 if none
     */
    record Peak(int cores, String coresFrom, double ghz, String ghzFrom, int flopsPerCycle, String flopsFrom,
                double measuredGflops, int int8MacsPerCycle, String int8From) {
        /** int8 at twice the fp32 FMA MACs (AVX2's vpmaddwd), where only the fp32 figures are given. */
        Peak(int cores, String coresFrom, double ghz, String ghzFrom, int flopsPerCycle, String flopsFrom,
             double measuredGflops) {
            this(cores, coresFrom, ghz, ghzFrom, flopsPerCycle, flopsFrom, measuredGflops, flopsPerCycle,
                    "2 x the fp32 FMA MACs");
        }

        double gflops() {
            return cores * ghz * flopsPerCycle;
        }

        /** int8 multiply-accumulates per second, in billions. */
        double int8Gmacs() {
            return cores * ghz * int8MacsPerCycle;
        }

        String describeInt8() {
            return String.format(Locale.ROOT, "Peak fp32 = %.1f GMAC/s (half of %.1f GFLOPS: %d cores x %.2f GHz x %d FLOP/cycle (%s));"
                            + " peak int8 = %d cores x %.2f GHz x %d MAC/cycle (%s) = %.1f GMAC/s.", gflops() / 2, gflops(),
                    cores, ghz, flopsPerCycle, flopsFrom, cores, ghz, int8MacsPerCycle, int8From, int8Gmacs());
        }

        String describe() {
            String s = String.format(Locale.ROOT, "Peak fp32 = %d cores (%s) x %.2f GHz (%s) x %d FLOP/cycle (%s) = %.1f GFLOPS.",
                    cores, coresFrom, ghz, ghzFrom, flopsPerCycle, flopsFrom, gflops());
            if (measuredGflops > 0) {
                s += String.format(Locale.ROOT, " Measured FMA peak (frugal.measuredPeakGflops): %.1f GFLOPS.", measuredGflops);
            }
            return s;
        }

        static Peak ofThisMachine() {
            int cores;
            String coresFrom;
            if (System.getProperty("frugal.cores") != null) {
                cores = Integer.parseInt(System.getProperty("frugal.cores"));
                coresFrom = "-Dfrugal.cores";
            } else {
                cores = Runtime.getRuntime().availableProcessors();
                coresFrom = "availableProcessors()";
            }

            double ghz;
            String ghzFrom;
            if (System.getProperty("frugal.ghz") != null) {
                ghz = Double.parseDouble(System.getProperty("frugal.ghz"));
                ghzFrom = "-Dfrugal.ghz";
            } else {
                double mhz = cpuinfoMhz();
                if (mhz > 0) {
                    ghz = mhz / 1000;
                    ghzFrom = "/proc/cpuinfo cpu MHz of core 0: nominal under a VM, turbo not counted";
                } else {
                    ghz = Double.NaN;
                    ghzFrom = "unknown: pass -Dfrugal.ghz";
                }
            }

            String isa = effectiveIsa();
            int fpc;
            String fpcFrom;
            if (System.getProperty("frugal.flopsPerCycle") != null) {
                fpc = Integer.parseInt(System.getProperty("frugal.flopsPerCycle"));
                fpcFrom = "-Dfrugal.flopsPerCycle";
            } else {
                switch (isa) {
                    case "avx512", "avx512_vnni", "avx512_amx" -> {
                        fpc = 64;
                        fpcFrom = isa + ": 2 FMA units x 16 lanes x 2";
                    }
                    case "avx2" -> {
                        fpc = 32;
                        fpcFrom = "avx2: 2 FMA units x 8 lanes x 2";
                    }
                    default -> {
                        fpc = 8;
                        fpcFrom = isa + ": SSE add + mul, 4 lanes each";
                    }
                }
            }

            int int8;
            String int8From;
            if (System.getProperty("frugal.int8MacsPerCycle") != null) {
                int8 = Integer.parseInt(System.getProperty("frugal.int8MacsPerCycle"));
                int8From = "-Dfrugal.int8MacsPerCycle";
            } else {
                switch (isa) {
                    case "avx512_amx" -> {
                        int8 = 1024;
                        int8From = "avx512_amx: TDPBUSD 16x16x64 MACs per 16 cycles";
                    }
                    case "avx512_vnni" -> {
                        int8 = fpc * 2;
                        int8From = "avx512_vnni: vpdpbusd, 4 x the fp32 FMA MACs";
                    }
                    default -> {
                        int8 = fpc;
                        int8From = isa + ": vpmaddwd on s16, 2 x the fp32 FMA MACs";
                    }
                }
            }

            double measured = Double.parseDouble(System.getProperty("frugal.measuredPeakGflops", "0"));
            return new Peak(cores, coresFrom, ghz, ghzFrom, fpc, fpcFrom, measured, int8, int8From);
        }

        /** Frugal's effective ISA (FRUGAL_MAX_ISA applied), else the best /proc/cpuinfo shows. */
        static String effectiveIsa() {
            try {
                return Frugal.cpuInfo().effectiveIsa().id();
            } catch (RuntimeException | LinkageError e) {
                String flags = cpuinfoField("flags");
                if (flags.contains(" avx512f")) return Isa.AVX512.id();
                if (flags.contains(" avx2") && flags.contains(" fma")) return Isa.AVX2.id();
                return Isa.SCALAR.id();
            }
        }

        private static double cpuinfoMhz() {
            String v = cpuinfoField("cpu MHz");
            try {
                return v.isEmpty() ? -1 : Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** The value of the first line "key : value" of /proc/cpuinfo, with a leading space; "" if none. */
        private static String cpuinfoField(String key) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    int colon = line.indexOf(':');
                    if (colon > 0 && line.substring(0, colon).trim().equals(key)) return " " + line.substring(colon + 1).trim();
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: the caller says "unknown"
            }
            return "";
        }
    }
}
