package io.frugal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Light concurrency: siblings from share() run in parallel, each with its own buffers, and give
 * bit for bit what one thread gets; one instance used from two threads serialises its runs.
 */
class ConcurrencyTest {
    private static final int THREADS = 2;
    private static final int ROUNDS = 25;

    private static final Conv2dParams CONV = Conv2dParams.builder().batch(2).input(17, 13, 11).outChannels(32)
            .kernel(3, 3).stride(2, 1).padding(1, 0, 1, 2).layout(Layout.NCHW).activation(Activation.relu()).build();
    private static final MatMulParams MATMUL = new MatMulParams(3, 17, 64, 33, true, Activation.tanh());

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"onednn", "ref"})
    void sharedConv2dSiblingsMatchASingleThread(String kernel) throws Exception {
        try (Tensor w = Tensor.fromArray(Reference.uniform(1, (int) Tensor.elementCount(CONV.weightShape())),
                     CONV.weightShape());
             Tensor b = Tensor.fromArray(Reference.uniform(2, (int) CONV.outChannels()), CONV.outChannels());
             Conv2d conv = Conv2d.create(CONV, w, b, kernel)) {
            List<Conv2d> siblings = new ArrayList<>();
            try {
                for (int t = 0; t < THREADS; t++) siblings.add(conv.share());
                for (Conv2d s : siblings) assertEquals(conv.kernel(), s.kernel(), "a sibling shares the kernel");
                runInParallel(CONV.inputShape(), conv::run, t -> siblings.get(t)::run);
            } finally {
                for (Conv2d s : siblings) s.close();
            }
            // The original still runs after its siblings are closed (they share, not own, the weights).
            try (Tensor x = Tensor.fromArray(input(0, CONV.inputShape()), CONV.inputShape());
                 Tensor y = conv.run(x)) {
                assertEquals(Tensor.elementCount(CONV.outputShape()), y.elementCount());
            }
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"onednn", "ref"})
    void sharedMatMulSiblingsMatchASingleThread(String kernel) throws Exception {
        try (Tensor w = Tensor.fromArray(Reference.uniform(3, (int) Tensor.elementCount(MATMUL.weightShape())),
                     MATMUL.weightShape());
             MatMul mm = MatMul.create(MATMUL, w, null, kernel);
             MatMul s0 = mm.share();
             MatMul s1 = mm.share()) {
            MatMul[] siblings = {s0, s1};
            runInParallel(MATMUL.inputShape(), mm::run, t -> siblings[t]::run);
        }
    }

    /** One instance from two threads: runs take turns (run is synchronized) and stay correct. */
    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"onednn", "ref"})
    void oneInstanceFromTwoThreadsStaysCorrect(String kernel) throws Exception {
        try (Tensor w = Tensor.fromArray(Reference.uniform(1, (int) Tensor.elementCount(CONV.weightShape())),
                     CONV.weightShape());
             Conv2d conv = Conv2d.create(CONV, w, null, kernel)) {
            runInParallel(CONV.inputShape(), conv::run, t -> conv::run);
        }
    }

    /**
     * Computes, on this thread with single, the output for each thread's input; then THREADS
     * threads, released together, each run their operator ROUNDS times on their own input and
     * compare every result bit for bit.
     */
    private static void runInParallel(long[] inShape, Function<Tensor, Tensor> single,
                                      Function<Integer, Function<Tensor, Tensor>> perThread) throws Exception {
        float[][] inputs = new float[THREADS][];
        float[][] expected = new float[THREADS][];
        for (int t = 0; t < THREADS; t++) {
            inputs[t] = input(t, inShape);
            try (Tensor x = Tensor.fromArray(inputs[t], inShape);
                 Tensor y = single.apply(x)) {
                expected[t] = y.toFloatArray();
            }
        }
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int id = t;
                Callable<Void> task = () -> {
                    Function<Tensor, Tensor> op = perThread.apply(id);
                    try (Tensor x = Tensor.fromArray(inputs[id], inShape)) {
                        start.await(30, TimeUnit.SECONDS);
                        for (int r = 0; r < ROUNDS; r++) {
                            try (Tensor y = op.apply(x)) {
                                assertArrayEquals(expected[id], y.toFloatArray(), "thread " + id + ", round " + r);
                            }
                        }
                    }
                    return null;
                };
                futures.add(pool.submit(task));
            }
            for (Future<?> f : futures) f.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private static float[] input(int thread, long[] shape) {
        return Reference.uniform(100 + thread, (int) Tensor.elementCount(shape));
    }
}
