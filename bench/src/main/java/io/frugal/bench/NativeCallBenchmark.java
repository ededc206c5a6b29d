package io.frugal.bench;

import io.frugal.Conv2d;
import io.frugal.Conv2dParams;
import io.frugal.DType;
import io.frugal.Frugal;
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
 * What one operator costs beyond its arithmetic: {@link #noop} is a bare JNI call into libfrugal;
 * {@link #conv2d1x1} is a whole {@link Conv2d#run(Tensor, Tensor)} on a 1x1x1x1 problem (Java
 * argument checks, the JNI call, the C ABI's checks, the kernel's own dispatch and threading).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NativeCallBenchmark {
    @Benchmark
    public void noop() {
        Frugal.noop();
    }

    @Benchmark
    public void conv2d1x1(TinyConv state, Blackhole bh) {
        state.conv.run(state.src, state.dst);
        bh.consume(state.out.get(0));
    }

    /** mb1ic1ih1iw1oc1kh1kw1: every per-run cost, almost no arithmetic. */
    @State(Scope.Thread)
    public static class TinyConv {
        /** onednn: what a real model pays per node; ref: the binding and dispatch alone. */
        @Param({"onednn", "ref"})
        public String kernel;

        Conv2d conv;
        Tensor src;
        Tensor dst;
        FloatBuffer out;

        @Setup(Level.Trial)
        public void setUp() {
            Conv2dParams p = Conv2dParams.builder().input(1, 1, 1).outChannels(1).kernel(1, 1).build();
            SplittableRandom random = new SplittableRandom(42);
            try (Tensor weights = Conv2dBenchmark.random(random, p.weightShape());
                 Tensor bias = Conv2dBenchmark.random(random, p.outChannels())) {
                conv = Conv2d.create(p, weights, bias, kernel);
            }
            src = Conv2dBenchmark.random(random, p.inputShape());
            dst = Tensor.allocate(DType.F32, p.outputShape());
            out = dst.buffer().asFloatBuffer();
            conv.run(src, dst);
            System.out.println("# conv2d 1x1x1x1: kernel " + conv.kernel());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (conv != null) conv.close();
            if (src != null) src.close();
            if (dst != null) dst.close();
        }
    }
}
