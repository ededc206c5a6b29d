package io.frugal.bench;

import io.frugal.BinaryConv2d;
import io.frugal.BinaryConv2dParams;
import io.frugal.BinaryWeightConv2d;
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
 * XNOR-popcount convolution against oneDNN FP32 and INT8 on ResNet-18/50's 3x3 layers (64@56,
 * 128@28, 256@14, 512@7: {@link ConvShapes#RESNET50_3X3}'s first layer of each stage) at batch 1
 * and 8, NHWC, one run per operation. Binary reads bit-packed activations ([N, H, W, C/64] words)
 * and writes f32; INT8 reads u8 and writes f32 (the dispatcher's int8 kernel: oneDNN from VNNI
 * up, Frugal's exact s16 kernels below); FP32 is oneDNN; BINARY_WEIGHTS (BWN) reads and writes
 * f32 with 1-bit weights. The same seeded weights serve all four.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar BinaryConvBenchmark -p shape=res3a_branch2b -p batch=1
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Threads(1) // the kernels already use every core through OpenMP
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BinaryConvBenchmark {
    public enum Precision { FP32, INT8, BINARY, BINARY_WEIGHTS }

    @Param({"res2a_branch2b", "res3a_branch2b", "res4a_branch2b", "res5a_branch2b"})
    public String shape;

    @Param({"1", "8"})
    public int batch;

    @Param({"FP32", "INT8", "BINARY", "BINARY_WEIGHTS"})
    public Precision precision;

    private Tensor src;
    private Tensor dst;
    private UnaryOp conv;
    private ByteBuffer out;

    @Setup(Level.Trial)
    public void setUp() {
        Conv2dProblem s = ConvShapes.resolve(ConvShapes.RESNET50_3X3, shape);
        Conv2dParams p = params(s, batch);
        SplittableRandom random = new SplittableRandom(42);
        try (Tensor weights = Conv2dBenchmark.random(random, p.weightShape())) {
            conv = switch (precision) {
                case FP32 -> Conv2d.create(p, weights, null);
                case INT8 -> QConv2d.create(QConv2dParams.of(p, DType.U8, 1f / 255), weights, null);
                case BINARY -> BinaryConv2d.create(BinaryConv2dParams.of(p, BinaryConv2dParams.Padding.ZERO), weights, null, null);
                case BINARY_WEIGHTS -> BinaryWeightConv2d.create(p, weights, null, null);
            };
        }
        src = switch (precision) {
            case FP32, BINARY_WEIGHTS -> Conv2dBenchmark.random(random, p.inputShape());
            case INT8 -> Conv2dBenchmark.randomBytes(random, Tensor.allocate(DType.U8, p.inputShape()));
            case BINARY -> Conv2dBenchmark.randomBytes(random, Tensor.allocate(DType.BIT, p.inputShape()));
        };
        dst = Tensor.allocate(DType.F32, p.outputShape());
        out = dst.buffer();
        conv.run(src, dst);
        System.out.println("# binaryconv " + s.label() + " batch " + batch + " " + precision + ": kernel " + conv.kernel() + ", "
                + p.macs() / 1e9 + " GMAC per run");
    }

    /** The problem's geometry at another batch, NHWC. */
    static Conv2dParams params(Conv2dProblem s, int batch) {
        Conv2dParams q = s.params(Layout.NHWC);
        return Conv2dParams.builder().batch(batch).input(q.inChannels(), q.inH(), q.inW()).outChannels(q.outChannels())
                .kernel(q.kernelH(), q.kernelW()).stride(q.strideH(), q.strideW())
                .padding(q.padTop(), q.padLeft(), q.padBottom(), q.padRight()).dilation(q.dilationH(), q.dilationW())
                .groups(q.groups()).layout(Layout.NHWC).build();
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
}
