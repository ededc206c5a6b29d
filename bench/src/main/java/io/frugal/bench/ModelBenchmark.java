package io.frugal.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.frugal.demo.RenderedSamples;
import io.frugal.graph.Graph;
import io.frugal.models.ModelStore;
import io.frugal.models.OcrModel;
import io.frugal.onnx.OnnxImporter;
import io.frugal.plan.Plan;
import io.frugal.plan.Precision;
import io.frugal.quant.CalibrationTable;
import io.frugal.quant.Calibrator;
import io.frugal.quant.GraphFingerprint;
import io.frugal.quant.Progress;
import io.frugal.quant.QdqModel;
import io.frugal.quant.RangeMethod;
import io.frugal.runtime.CompiledModel;
import io.frugal.runtime.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A whole model, one inference per operation, in Frugal ({@link CompiledModel} and {@link Session})
 * and in ONNX Runtime (CPU execution provider, Java API), on the same input, in FP32 and in INT8.
 * {@link BenchReport} prints the time ratio Frugal / ONNX Runtime per precision when both ran in
 * one JMH run, and each engine's INT8 / FP32 speed-up.
 *
 * <p>Models: the PaddleOCR files of {@link ModelStore} (fetched with npm on first use): {@code cls}
 * at [1, 3, 48, 192], {@code det} at [1, 3, 640, 640]. Input: uniform in [-1, 1) from seed 42,
 * the same floats for every engine.
 *
 * <p>Engines: {@code frugal} ({@code Plan.fp32()}), {@code onnxruntime} (the model file),
 * {@code frugal-int8} ({@code Plan.of(Precision.INT8)}) and {@code onnxruntime-int8} (ONNX
 * Runtime's own int8: a {@link QdqModel} it fuses into QLinearConv and friends). Both int8 engines
 * use one calibration, made in setup by {@link QdqModel#calibrate}: {@value #CALIBRATION_SAMPLES}
 * rendered samples ({@link RenderedSamples}, seed {@value #CALIBRATION_SEED}), MSE thresholds
 * (Frugal's default), cached across forks (see {@link #calibrate}); the QDQ model takes
 * {@link QdqModel.Options#forThisCpu()} (reduced-range
 * weights without VNNI, as ONNX Runtime advises). Frugal's int8 conv on AVX2 is a scalar reference
 * until the vector kernel lands, so its INT8 times say little yet.
 *
 * <p>Threads: Frugal's kernels run on OpenMP, which uses {@code OMP_NUM_THREADS} if set, else one
 * thread per CPU this process may use. ONNX Runtime gets the same number explicitly
 * ({@code setIntraOpNumThreads}, the calling thread included), one inter-op thread and sequential
 * execution, full graph optimisation. Both spin-wait between parallel regions by default (libgomp
 * and ORT's thread pool); neither is changed. Each engine's session is made in
 * {@code @Setup(Level.Trial)} and run once there. ONNX Runtime writes into a pinned output tensor
 * made once, so neither engine allocates its output per run.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar ModelBenchmark
 * java -jar bench/target/benchmarks.jar ModelBenchmark -p model=cls -p engine=frugal-int8,onnxruntime-int8
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Threads(1) // both engines already use every core
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ModelBenchmark {
    /** cls: [1, 3, 48, 192]; det: [1, 3, 640, 640]. */
    @Param({"cls", "det"})
    public String model;

    /** frugal, onnxruntime (FP32), frugal-int8, onnxruntime-int8 (INT8 from one calibration). */
    @Param({"frugal", "onnxruntime", "frugal-int8", "onnxruntime-int8"})
    public String engine;

    /** Calibration samples of the int8 engines (rendered text; the timed input stays the noise above). */
    static final int CALIBRATION_SAMPLES = 32;
    /** The seed of the calibration samples. */
    static final long CALIBRATION_SEED = 7;

    // Frugal
    private CompiledModel compiled;
    private Session session;
    // ONNX Runtime
    private OrtSession.SessionOptions ortOptions;
    private OrtSession ort;
    private OnnxTensor ortInput;
    private OnnxTensor ortOutput;
    private Map<String, OnnxTensor> ortFeeds;
    private Map<String, OnnxTensor> ortPinned;

    private FloatBuffer out;

    /** The model file and the input shape of a {@link #model} value. */
    static OcrModel ocrModel(String model) {
        return switch (model) {
            case "cls" -> OcrModel.CLS;
            case "det" -> OcrModel.DET;
            default -> throw new IllegalArgumentException("unknown model '" + model + "'; known: cls, det");
        };
    }

    static long[] inputShape(String model) {
        return switch (model) {
            case "cls" -> new long[] {1, 3, 48, 192};
            case "det" -> new long[] {1, 3, 640, 640};
            default -> throw new IllegalArgumentException("unknown model '" + model + "'; known: cls, det");
        };
    }

    /**
     * The thread count of both engines: the first number of {@code OMP_NUM_THREADS} when set (what
     * libgomp reads), else {@link Runtime#availableProcessors()} (libgomp's default, the CPUs this
     * process may run on).
     */
    static int threads() {
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp != null && !omp.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(omp.strip().split(",")[0].strip()));
            } catch (NumberFormatException ignored) {
                // libgomp ignores a malformed value too
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Uniform in [-1, 1) from seed 42: the input both engines get. */
    static float[] input(long[] shape) {
        float[] x = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < x.length; i++) x[i] = (float) (random.nextDouble() * 2 - 1);
        return x;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException, OrtException {
        Path file = ModelStore.ocr(ocrModel(model));
        long[] shape = inputShape(model);
        float[] x = input(shape);
        switch (engine) {
            case "frugal" -> setUpFrugal(OnnxImporter.load(file).graph(), shape, x, null);
            case "onnxruntime" -> setUpOrt(java.nio.file.Files.readAllBytes(file), shape, x, "");
            case "frugal-int8" -> {
                Graph g = OnnxImporter.load(file).graph();
                setUpFrugal(g, shape, x, calibrate(model, g, shape));
            }
            case "onnxruntime-int8" -> {
                Graph g = OnnxImporter.load(file).graph();
                QdqModel.Options options = QdqModel.Options.forThisCpu();
                QdqModel.Result qdq = QdqModel.build(g, Map.of(g.inputs().get(0).name(), shape), calibrate(model, g, shape), options);
                setUpOrt(qdq.model(), shape, x, String.format(Locale.ROOT, " int8 (QDQ from Frugal's calibration: %s; %s)",
                        qdq.summary(), options.reduceRange() ? "weights in [-64, 64] (no VNNI)" : "weights in [-127, 127]"));
            }
            default -> throw new IllegalArgumentException("unknown engine '" + engine
                    + "'; known: frugal, onnxruntime, frugal-int8, onnxruntime-int8");
        }
    }

    /**
     * The int8 engines' one calibration: {@value #CALIBRATION_SAMPLES} rendered samples, seed
     * {@value #CALIBRATION_SEED}, MSE. Kept in {@code java.io.tmpdir} under the model's
     * fingerprint, so the other int8 engine (another JMH fork) and later runs reuse it: det takes
     * minutes to calibrate. Delete the {@code frugal-bench-*.calib} files to calibrate again.
     */
    static CalibrationTable calibrate(String model, Graph g, long[] shape) throws IOException {
        String in = g.inputs().get(0).name();
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), String.format(Locale.ROOT, "frugal-bench-%s-%s-%dx%d-seed%d.calib",
                model, GraphFingerprint.of(g).substring(0, 16), shape[2], shape[3], CALIBRATION_SEED));
        if (java.nio.file.Files.isRegularFile(cache)) {
            try {
                CalibrationTable t = CalibrationTable.load(cache);
                t.checkMatches(g, cache.toString());
                if (t.samples() == CALIBRATION_SAMPLES && t.method() == RangeMethod.MSE) return t;
            } catch (IOException | IllegalArgumentException e) {
                System.out.println("# " + cache + " unusable (" + e.getMessage() + "): calibrating again");
            }
        }
        CalibrationTable t = QdqModel.calibrate(new Calibrator(RangeMethod.MSE, 99.99, Progress.silent()), g, Map.of(in, shape),
                RenderedSamples.of(ocrModel(model), in, shape, CALIBRATION_SAMPLES, CALIBRATION_SEED));
        Path tmp = java.nio.file.Files.createTempFile(cache.getParent(), "frugal-bench-", ".tmp");
        t.save(tmp);
        java.nio.file.Files.move(tmp, cache, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return t;
    }

    private void setUpFrugal(Graph g, long[] shape, float[] x, CalibrationTable calibration) {
        String in = g.inputs().get(0).name();
        compiled = calibration == null ? CompiledModel.compile(g, Map.of(in, shape), Plan.fp32())
                : CompiledModel.compile(g, Map.of(in, shape), Plan.of(Precision.INT8), calibration);
        session = compiled.newSession();
        session.input(in).copyFrom(x);
        out = session.output(session.outputNames().get(0)).buffer().asFloatBuffer();
        session.run(); // first-run costs (page faults, lazy scratchpads) stay out of warm-up statistics
        System.out.printf(Locale.ROOT, "# model %s %s frugal %s: %d steps, %.3f GMAC, weights %,d B, arena %,d B,"
                        + " OpenMP threads %d (%s)%n", model, Arrays.toString(shape), calibration == null ? "fp32"
                        : "int8 (" + calibration.samples() + " calibration samples, " + calibration.method() + ")",
                compiled.steps().size(), compiled.macs() / 1e9, compiled.weightBytes(), compiled.peakActivationBytes(), threads(),
                threadsSource());
    }

    private void setUpOrt(byte[] onnx, long[] shape, float[] x, String what) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int threads = threads();
        ortOptions = new OrtSession.SessionOptions();
        ortOptions.setIntraOpNumThreads(threads);
        ortOptions.setInterOpNumThreads(1);
        ortOptions.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        ortOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        ort = env.createSession(onnx, ortOptions);
        String in = ort.getInputNames().iterator().next();
        String outName = ort.getOutputNames().iterator().next();
        ortInput = OnnxTensor.createTensor(env, direct(x.length).put(x).flip(), shape);
        ortFeeds = Map.of(in, ortInput);
        long[] outShape;
        try (OrtSession.Result r = ort.run(ortFeeds)) { // also the first-run costs
            outShape = ((TensorInfo) r.get(0).getInfo()).getShape();
        }
        out = direct(Math.toIntExact(Arrays.stream(outShape).reduce(1, Math::multiplyExact)));
        ortOutput = OnnxTensor.createTensor(env, out, outShape);
        ortPinned = Map.of(outName, ortOutput);
        runOrt();
        System.out.printf(Locale.ROOT, "# model %s %s onnxruntime %s%s: intra-op threads %d (set explicitly; %s), inter-op 1,"
                + " sequential, ALL_OPT, pinned output %s%n", model, Arrays.toString(shape), env.getVersion(), what, threads,
                threadsSource(), Arrays.toString(outShape));
    }

    private static String threadsSource() {
        String omp = System.getenv("OMP_NUM_THREADS");
        return omp != null && !omp.isBlank() ? "OMP_NUM_THREADS=" + omp : "availableProcessors()";
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @Benchmark
    public void infer(Blackhole bh) throws OrtException {
        runOnce();
        bh.consume(out.get(0));
    }

    /** One inference on the engine set up; what {@link #infer} times (and {@link AlternatingModelComparison}). */
    void runOnce() throws OrtException {
        if (session != null) {
            session.run();
        } else {
            runOrt();
        }
    }

    private void runOrt() throws OrtException {
        try (OrtSession.Result r = ort.run(ortFeeds, ortPinned)) {
            // the output is the pinned tensor; the result owns nothing else
        }
    }

    /** The output the last run left, as a copy; for cross-checks between engines. */
    float[] output() {
        float[] a = new float[out.capacity()];
        out.duplicate().clear().get(a);
        return a;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        if (session != null) session.close();
        if (compiled != null) compiled.close();
        session = null;
        compiled = null;
        if (ortOutput != null) ortOutput.close();
        if (ortInput != null) ortInput.close();
        if (ort != null) ort.close();
        if (ortOptions != null) ortOptions.close();
        ortOutput = ortInput = null;
        ort = null;
        ortOptions = null;
        out = null;
    }
}
