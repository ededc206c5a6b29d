package io.frugal.demo;

import io.frugal.graph.Graph;
import io.frugal.models.OcrModel;
import io.frugal.quant.CalibrationTable;
import io.frugal.quant.Calibrator;
import io.frugal.quant.Progress;
import io.frugal.quant.RangeMethod;
import io.frugal.plan.Plan;
import io.frugal.plan.Precision;
import io.frugal.runtime.CompiledModel;
import io.frugal.runtime.Session;
import io.frugal.runtime.lowering.LoweringException;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The demo of {@code bin/frugal demo}: PaddleOCR's text-line orientation classifier
 * (ch_ppocr_mobile_v2.0_cls: [N, 3, 48, 192] to softmax [N, 2], class 0 = upright, 1 = turned
 * 180°) on synthetic text lines, in every precision Frugal compiles.
 *
 * <p>{@code count / 2} texts are rendered by {@link TextLineRenderer}, each upright and turned, and
 * preprocessed by {@link ClsPreprocess}. For each {@link Precision} whose plan compiles (the others
 * are skipped: a {@link LoweringException} means "not served yet"), the lines run in batches of
 * {@code batch} through one {@link Session}; a row gives the accuracy against the true orientation,
 * the agreement of the predicted labels with FP32's, the latency per image and the weight bytes.
 *
 * <p>Latency: a few warm-up batches first, then every full batch is timed (copying its input into
 * the session, the run and reading the output; rendering and preprocessing are not timed) and the
 * median batch time divided by the batch size is the latency per image. A last, partial batch is
 * zero-padded, counted for accuracy and not timed.
 */
public final class OrientationDemo {
    /** Class 0 of the model's output: the text is upright. */
    public static final int UPRIGHT = 0;
    /** Class 1: the text is turned 180°. */
    public static final int TURNED = 1;
    /** Default calibration set size: lines rendered from another seed than the evaluated ones. */
    public static final int CALIBRATION_LINES = 64;

    private OrientationDemo() {}

    /**
     * What to run.
     *
     * @param count lines (images), even and at least 2: count / 2 texts, each upright and turned
     * @param batch images per model run (the model is compiled for [batch, 3, 48, 192])
     * @param seed the renderer's seed
     * @param warmupBatches untimed batches run first, per precision
     * @param calibrationLines lines (other texts than the count evaluated ones) that precisions
     *     needing activation ranges (INT8) are calibrated on
     */
    public record Options(int count, int batch, long seed, int warmupBatches, int calibrationLines) {
        public Options {
            if (count < 2 || count % 2 != 0) throw new IllegalArgumentException("count must be even and at least 2, got " + count);
            if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, got " + batch);
            if (warmupBatches < 0) throw new IllegalArgumentException("warmupBatches is negative: " + warmupBatches);
            if (calibrationLines < 1) throw new IllegalArgumentException("calibrationLines must be at least 1, got " + calibrationLines);
        }

        /** With 64 calibration lines. */
        public Options(int count, int batch, long seed, int warmupBatches) {
            this(count, batch, seed, warmupBatches, CALIBRATION_LINES);
        }

        /** 200 lines, batch 1, seed 1, 5 warm-up batches. */
        public static Options defaults() {
            return new Options(200, 1, 1, 5);
        }
    }

    /**
     * One precision's result.
     *
     * @param precision the plan's precision (every node)
     * @param accuracy fraction of images whose predicted orientation is the true one
     * @param agreement fraction of images whose predicted label equals FP32's (1 for FP32 itself;
     *     NaN when FP32 did not run)
     * @param latencyMs median batch time / batch size, in milliseconds
     * @param weightBytes the compiled model's {@link CompiledModel#weightBytes()}
     * @param images images classified
     * @param batch images per run
     */
    public record Row(Precision precision, double accuracy, double agreement, double latencyMs, long weightBytes, int images,
                      int batch) {
        public Row {
            Objects.requireNonNull(precision, "precision is null");
        }
    }

    /** Runs every precision that compiles, with no progress output. */
    public static List<Row> run(Graph cls, Options options) {
        return run(cls, options, Arrays.asList(Precision.values()), line -> { });
    }

    /**
     * Runs the given precisions, FP32 first (those that do not compile are left out of the
     * result), reporting each compiled precision on progress.
     *
     * @param cls the imported cls model (one input, [N, 3, 48, 192]; one output, [N, 2])
     * @throws IllegalArgumentException if the graph does not have one input and one output
     */
    public static List<Row> run(Graph cls, Options options, List<Precision> precisions, Consumer<String> progress) {
        Objects.requireNonNull(cls, "graph is null");
        Objects.requireNonNull(options, "options are null");
        Objects.requireNonNull(precisions, "precisions are null");
        Objects.requireNonNull(progress, "progress is null");
        if (cls.inputs().size() != 1 || cls.outputs().size() != 1) {
            throw new IllegalArgumentException("the cls model has one input and one output; this graph has "
                    + cls.inputs().size() + " and " + cls.outputs().size());
        }
        String input = cls.inputs().get(0).name();
        String output = cls.outputs().get(0).name();

        List<TextLineRenderer.TextLine> lines = new TextLineRenderer(options.seed()).lines(options.count() / 2);
        List<BufferedImage> images = new ArrayList<>(options.count());
        int[] truth = new int[options.count()];
        for (TextLineRenderer.TextLine line : lines) {
            truth[images.size()] = UPRIGHT;
            images.add(line.upright());
            truth[images.size()] = TURNED;
            images.add(line.turned());
        }

        List<Row> rows = new ArrayList<>();
        int[] fp32 = null;
        Map<String, long[]> shapes = Map.of(input, new long[] {options.batch(), ClsPreprocess.CHANNELS, ClsPreprocess.HEIGHT,
                ClsPreprocess.WIDTH});
        // FP32 first: it is what the others agree with.
        List<Precision> order = new ArrayList<>(new LinkedHashSet<>(precisions));
        if (order.remove(Precision.FP32)) order.add(0, Precision.FP32);
        CalibrationTable[] calibration = {null};
        for (Precision p : order) {
            CompiledModel model;
            try {
                if (needsCalibration(p) && calibration[0] == null) calibration[0] = calibration(cls, input, options);
                model = CompiledModel.compile(cls, shapes, Plan.of(p), needsCalibration(p) ? calibration[0] : null);
            } catch (LoweringException notServedYet) {
                continue;
            }
            if (p != Precision.FP32 && model.steps().stream().noneMatch(st -> st.precision() == p)) {
                model.close(); // every operator fell back to another precision: nothing of p to show
                continue;
            }
            try (model; Session s = model.newSession()) {
                progress.accept(p.name().toLowerCase(Locale.ROOT) + ": " + model.steps().size() + " steps");
                int[] predicted = new int[options.count()];
                double latencyMs = classify(s, input, output, images, options, predicted);
                int correct = 0, agree = 0;
                for (int i = 0; i < predicted.length; i++) {
                    if (predicted[i] == truth[i]) correct++;
                    if (fp32 != null && predicted[i] == fp32[i]) agree++;
                }
                if (p == Precision.FP32) fp32 = predicted;
                double agreement = p == Precision.FP32 ? 1.0 : fp32 == null ? Double.NaN : agree / (double) predicted.length;
                rows.add(new Row(p, correct / (double) predicted.length, agreement, latencyMs, model.weightBytes(),
                        predicted.length, options.batch()));
            }
        }
        return rows;
    }

    private static boolean needsCalibration(Precision p) {
        return p == Precision.INT8 || p == Precision.INT8_WINOGRAD || p == Precision.APPROX8;
    }

    /** Ranges from calibrationLines rendered lines, from a seed no evaluated line comes from. */
    private static CalibrationTable calibration(Graph cls, String input, Options o) {
        long[] one = {1, ClsPreprocess.CHANNELS, ClsPreprocess.HEIGHT, ClsPreprocess.WIDTH};
        List<Map<String, float[]>> samples = RenderedSamples.of(OcrModel.CLS, input, one, o.calibrationLines(), ~o.seed());
        return new Calibrator(RangeMethod.MSE, 99.99, Progress.silent()).calibrate(cls, Map.of(input, one), samples);
    }

    /** Runs all images through s, writing the argmax of each into predicted; returns the latency per image in ms. */
    private static double classify(Session s, String input, String output, List<BufferedImage> images, Options o,
                                   int[] predicted) {
        int n = images.size(), b = o.batch();
        int batches = (n + b - 1) / b;
        float[] batchInput = new float[b * ClsPreprocess.IMAGE_SIZE];
        ClsPreprocess pre = new ClsPreprocess();
        FloatBuffer in = s.input(input).buffer().asFloatBuffer();
        FloatBuffer out = s.output(output).buffer().asFloatBuffer();
        long classes = s.output(output).elementCount() / b;
        if (classes != 2) throw new IllegalArgumentException("the cls model gives 2 classes per image; this one gives " + classes);

        for (int i = 0; i < Math.min(o.warmupBatches(), batches); i++) {
            preprocess(pre, images, i * b, batchInput);
            in.clear();
            in.put(batchInput);
            s.run();
        }
        long[] full = new long[batches];
        long[] all = new long[batches];
        int nFull = 0;
        for (int i = 0; i < batches; i++) {
            int first = i * b;
            int real = preprocess(pre, images, first, batchInput);
            long t0 = System.nanoTime();
            in.clear();
            in.put(batchInput);
            s.run();
            for (int k = 0; k < real; k++) {
                predicted[first + k] = out.get(2 * k + 1) > out.get(2 * k) ? TURNED : UPRIGHT;
            }
            long t = System.nanoTime() - t0;
            all[i] = t;
            if (real == b) full[nFull++] = t;
        }
        // Only full batches are timed, unless there are none (batch > count).
        return nFull > 0 ? median(full, nFull) / 1e6 / b : median(all, batches) / 1e6 / b;
    }

    /** Preprocesses images first .. first + b - 1 into dst, zeros past the last image; returns how many were real. */
    private static int preprocess(ClsPreprocess pre, List<BufferedImage> images, int first, float[] dst) {
        int b = dst.length / ClsPreprocess.IMAGE_SIZE;
        int real = Math.max(0, Math.min(b, images.size() - first));
        for (int k = 0; k < real; k++) pre.apply(images.get(first + k), dst, k);
        Arrays.fill(dst, real * ClsPreprocess.IMAGE_SIZE, dst.length, 0f);
        return real;
    }

    private static double median(long[] values, int n) {
        long[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
