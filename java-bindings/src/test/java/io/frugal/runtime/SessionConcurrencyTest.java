package io.frugal.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.frugal.graph.Graph;
import io.frugal.models.ModelStore;
import io.frugal.models.OcrModel;
import io.frugal.onnx.OnnxImporter;
import io.frugal.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One CompiledModel, four threads with a session each, 500 runs each: every output equals a single-thread run's, bit for bit. */
class SessionConcurrencyTest {
    static final int THREADS = 4;
    static final int RUNS = 500;

    @Test
    void fourThreadsFiveHundredRunsEachMatchOneThread() throws Exception {
        Optional<String> why = ModelStore.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "real models unavailable: " + why.orElse(""));
        Graph g = OnnxImporter.load(ModelStore.ocr(OcrModel.CLS)).graph();
        long[] shape = {1, 3, 48, 192};
        // Each thread gets its own input, so a session reading another's arena would show.
        List<float[]> inputs = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) inputs.add(RealModelParityTest.input(shape, 100 + t));
        try (CompiledModel model = CompiledModel.compile(g, Map.of("x", shape), Plan.fp32())) {
            List<float[]> expected = new ArrayList<>();
            try (Session s = model.newSession()) {
                for (float[] x : inputs) expected.add(s.runArrays(Map.of("x", x)).get("softmax_0.tmp_0"));
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    final int id = t;
                    done.add(pool.submit(() -> {
                        try (Session s = model.newSession()) {
                            s.input("x").copyFrom(inputs.get(id));
                            for (int i = 0; i < RUNS; i++) {
                                s.run();
                                assertArrayEquals(expected.get(id), s.output("softmax_0.tmp_0").toFloatArray(),
                                        "thread " + id + " run " + i);
                            }
                        }
                        return RUNS;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : done) total += f.get();
                assertEquals(THREADS * RUNS, total);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
