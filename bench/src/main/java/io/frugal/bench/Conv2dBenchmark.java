package io.frugal.bench;

import io.frugal.problems.Conv2dProblem;
import io.frugal.Conv2d;
import io.frugal.Conv2dParams;
import io.frugal.DType;
import io.frugal.Layout;
import io.frugal.Tensor;
import java.nio.FloatBuffer;
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
 * fp32 convolution, one run per operation, on the shapes of {@link ConvShapes#RESNET50_3X3}.
 * GFLOPS and the fraction of peak come from {@link BenchReport} over the JSON results.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar Conv2dBenchmark -p layout=NHWC -p shape=res2a_branch2b
 * java -jar bench/target/benchmarks.jar Conv2dBenchmark -p shape=mb1ic32ih10oc32oh10kh3ph1   # any descriptor
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Threads(1) // oneDNN already uses every core through OpenMP
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Conv2dBenchmark {
    /** A name in the shape file (its short form, e.g. res2a_branch2b) or a benchdnn-style descriptor. */
    @Param({"res2a_branch2b", "res3a_branch2b", "res4a_branch2b", "res5a_branch2b"})
    public String shape;

    @Param({"NHWC", "NCHW"})
    public Layout layout;

    /** A kernel name or prefix that Conv2d.create pins; "ref" works but takes seconds per run. */
    @Param({"onednn"})
    public String kernel;

    private Tensor src;
    private Tensor dst;
    private Conv2d conv;
    private FloatBuffer out;

    @Setup(Level.Trial)
    public void setUp() {
        Conv2dProblem s = ConvShapes.resolve(ConvShapes.RESNET50_3X3, shape);
        Conv2dParams p = s.params(layout);
        SplittableRandom random = new SplittableRandom(42);
        try (Tensor weights = random(random, p.weightShape());
             Tensor bias = s.bias() ? random(random, p.outChannels()) : null) {
            conv = Conv2d.create(p, weights, bias, kernel);
        }
        src = random(random, p.inputShape());
        dst = Tensor.allocate(DType.F32, p.outputShape());
        out = dst.buffer().asFloatBuffer();
        conv.run(src, dst); // first-run costs (page faults, lazy scratchpads) stay out of warm-up statistics
        System.out.println("# conv2d " + s.label() + " " + layout + " (" + s.name() + "): kernel " + conv.kernel() + ", "
                + p.macs() * 2 / 1e9 + " GFLOP per run");
    }

    @Benchmark
    public void conv2d(Blackhole bh) {
        conv.run(src, dst);
        bh.consume(out.get(0));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (conv != null) conv.close();
        if (src != null) src.close();
        if (dst != null) dst.close();
    }

    /** Uniform in [-1, 1): no denormals, no zeros that a kernel could skip. */
    static Tensor random(SplittableRandom random, long... shape) {
        Tensor t = Tensor.allocate(DType.F32, shape);
        FloatBuffer b = t.buffer().asFloatBuffer();
        while (b.hasRemaining()) b.put((float) (random.nextDouble() * 2 - 1));
        return t;
    }

    /** t filled with uniform random bytes (u8 values, s8 values or packed signs); returns t. */
    static Tensor randomBytes(SplittableRandom random, Tensor t) {
        java.nio.ByteBuffer b = t.buffer();
        while (b.hasRemaining()) b.put((byte) random.nextInt(256));
        return t;
    }
}
