package io.frugal.bench;

import io.frugal.Conv2d;
import io.frugal.Conv2dParams;
import io.frugal.DType;
import io.frugal.Layout;
import io.frugal.QConv2d;
import io.frugal.QConv2dParams;
import io.frugal.Tensor;
import io.frugal.UnaryOp;
import io.frugal.problems.Conv2dProblem;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Locale;
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
 * int8 against fp32 convolution, one run per operation, on ResNet-50's and VGG-19's 3x3 layers
 * ({@link ConvShapes#RESNET50_3X3}, {@link ConvShapes#VGG19_3X3}), batch 1. The same problem
 * (seeded weights, bias and input) runs as {@link Conv2d} (FP32) or {@link QConv2d} with a u8
 * source and an f32 or requantized u8 destination. {@link BenchReport} turns the results into
 * GMAC/s, the fraction of the precision's MAC peak, and INT8 / FP32 speed ratios per shape.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar Int8ConvBenchmark -p shape=res3a_branch2b
 * java -jar bench/target/benchmarks.jar Int8ConvBenchmark -p shapes=vgg19_3x3 -p shape=conv2_1,conv4_1
 * java -jar bench/target/benchmarks.jar Int8ConvBenchmark -p precision=INT8_U8_U8 -p shape=mb1ic32ih10oc32oh10kh3ph1
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Threads(1) // the kernels already use every core through OpenMP
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Int8ConvBenchmark {
    /** What runs: the fp32 convolution, or int8 with a u8 source and an f32 or a u8 destination. */
    public enum Precision {
        /** {@link Conv2d}: f32 src, weights, dst. */
        FP32(null, DType.F32),
        /** {@link QConv2d}: u8 src, s8 weights per output channel, s32 accumulation, dequantized f32 dst. */
        INT8_U8_F32(DType.U8, DType.F32),
        /** {@link QConv2d} with the dst requantized to u8: what a layer feeding another int8 layer writes. */
        INT8_U8_U8(DType.U8, DType.U8);

        final DType src;
        final DType dst;

        Precision(DType src, DType dst) {
            this.src = src;
            this.dst = dst;
        }

        boolean int8() {
            return src != null;
        }
    }

    /**
     * A name in the shape files (short form: res2a_branch2b, conv3_2) or a benchdnn-style
     * descriptor. The default: the first 3x3 layer of each ResNet-50 stage and four VGG-19 layers
     * from 224x224x64 down to 14x14x512.
     */
    @Param({"res2a_branch2b", "res3a_branch2b", "res4a_branch2b", "res5a_branch2b", "conv1_2", "conv3_2", "conv4_2",
            "conv5_1"})
    public String shape;

    /** The files shape names are looked up in: all, resnet50_3x3, vgg19_3x3, or a path ({@link ConvShapes#files}). */
    @Param({"all"})
    public String shapes;

    @Param({"FP32", "INT8_U8_F32", "INT8_U8_U8"})
    public Precision precision;

    /** NHWC: the layout the executor runs in (oneDNN's int8 convolutions want channels last too). */
    @Param({"NHWC"})
    public Layout layout;

    /** A kernel name or prefix that create pins ("onednn", "ref"), or "auto" for the dispatcher's choice. */
    @Param({"auto"})
    public String kernel;

    private Tensor src;
    private Tensor dst;
    private UnaryOp conv;
    private ByteBuffer out;

    /** u8 src maps [0, 255] onto [0, 1]: a post-ReLU activation, the common int8 source. */
    static final float SRC_SCALE = 1f / 255;

    @Setup(Level.Trial)
    public void setUp() {
        Conv2dProblem s = ConvShapes.resolve(ConvShapes.files(shapes), shape);
        Conv2dParams p = s.params(layout);
        SplittableRandom random = new SplittableRandom(42);
        conv = create(s, layout, precision, kernel, random);
        src = input(random, p, precision);
        dst = Tensor.allocate(precision.dst, p.outputShape());
        out = dst.buffer();
        conv.run(src, dst); // first-run costs (page faults, lazy scratchpads) stay out of warm-up statistics
        String types = precision.int8()
                ? String.format(Locale.ROOT, ", %s src scale 1/255, %s dst%s", name(precision.src), name(precision.dst),
                        precision.dst == DType.F32 ? "" : String.format(Locale.ROOT, " scale %.4g", dstScale(p)))
                : "";
        System.out.println("# int8conv " + s.label() + " " + layout + " " + precision + " (" + s.name() + "): kernel "
                + conv.kernel() + ", " + p.macs() / 1e9 + " GMAC per run" + types);
    }

    @Benchmark
    public void conv(Blackhole bh) {
        conv.run(src, dst);
        bh.consume(out.get(0));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (conv != null) conv.close();
        if (src != null) src.close();
        if (dst != null) dst.close();
    }

    /**
     * The operator a result measured, with weights (uniform in [-1, 1)) and bias (if the line has
     * one) drawn from random: the same numbers for every precision given the same seed. int8
     * quantizes the weights per output channel inside create. Also used by {@link BenchReport}
     * to name the kernel a row ran on.
     */
    static UnaryOp create(Conv2dProblem s, Layout layout, Precision precision, String kernel, SplittableRandom random) {
        Conv2dParams p = s.params(layout);
        String pin = kernel == null || kernel.isEmpty() || kernel.equals("auto") ? null : kernel;
        try (Tensor weights = Conv2dBenchmark.random(random, p.weightShape());
             Tensor bias = s.bias() ? Conv2dBenchmark.random(random, p.outChannels()) : null) {
            if (!precision.int8()) return Conv2d.create(p, weights, bias, pin);
            return QConv2d.create(QConv2dParams.of(p, precision.src, SRC_SCALE, precision.dst, dstScale(p)), weights,
                    bias, pin);
        }
    }

    /**
     * The u8 dst scale: outputs here are sums of K = IC*KH*KW products of x in [0, 1] and w in
     * [-1, 1), so about N(bias, K/9); 3 standard deviations map to 255 and negatives clamp to 0 as
     * after a fused ReLU. Timing does not depend on it; it keeps the output from saturating wholesale.
     */
    static float dstScale(Conv2dParams p) {
        long k = p.inChannels() / p.groups() * p.kernelH() * p.kernelW();
        return (float) (Math.sqrt(k) / 255);
    }

    /**
     * The source: u8 uniform in [0, 255] for int8; for FP32 the same values dequantized (q / 255),
     * so both precisions compute the same convolution.
     */
    static Tensor input(SplittableRandom random, Conv2dParams p, Precision precision) {
        if (precision.int8()) return Conv2dBenchmark.randomBytes(random, Tensor.allocate(precision.src, p.inputShape()));
        Tensor t = Tensor.allocate(DType.F32, p.inputShape());
        FloatBuffer f = t.buffer().asFloatBuffer(); // little-endian, as Tensor documents
        while (f.hasRemaining()) f.put(random.nextInt(256) * SRC_SCALE);
        return t;
    }

    private static String name(DType t) {
        return t.name().toLowerCase(Locale.ROOT);
    }
}
