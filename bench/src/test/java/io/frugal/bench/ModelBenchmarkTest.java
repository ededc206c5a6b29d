package io.frugal.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.frugal.models.ModelStore;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

class ModelBenchmarkTest {
    @Test
    void paramsNameTheModelsAndEngines() throws NoSuchFieldException {
        assertArrayEquals(new String[] {"cls", "det"}, ModelBenchmark.class.getField("model").getAnnotation(Param.class).value());
        assertArrayEquals(new String[] {"frugal", "onnxruntime", "frugal-int8", "onnxruntime-int8"},
                ModelBenchmark.class.getField("engine").getAnnotation(Param.class).value());
        assertArrayEquals(new long[] {1, 3, 48, 192}, ModelBenchmark.inputShape("cls"));
        assertArrayEquals(new long[] {1, 3, 640, 640}, ModelBenchmark.inputShape("det"));
        assertThrows(IllegalArgumentException.class, () -> ModelBenchmark.inputShape("rec"));
        assertTrue(ModelBenchmark.threads() >= 1);
    }

    /** Both engines, set up as the benchmark does, give the same cls output on the same input: they measure the same work. */
    @Test
    void bothEnginesComputeTheSameClsOutput() throws Exception {
        Optional<String> why = ModelStore.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "real models unavailable: " + why.orElse(""));
        float[][] outs = new float[2][];
        String[] engines = {"frugal", "onnxruntime"};
        for (int i = 0; i < 2; i++) {
            ModelBenchmark b = new ModelBenchmark();
            b.model = "cls";
            b.engine = engines[i];
            b.setUp();
            try {
                b.infer(new org.openjdk.jmh.infra.Blackhole(
                        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous."));
                outs[i] = b.output();
            } finally {
                b.tearDown();
            }
        }
        assertEquals(2, outs[0].length);
        double num = 0, den = 0;
        for (int k = 0; k < outs[0].length; k++) {
            num += Math.pow(outs[0][k] - outs[1][k], 2);
            den += Math.pow(outs[1][k], 2);
        }
        assertTrue(Math.sqrt(num / den) < 1e-4, java.util.Arrays.toString(outs[0]) + " vs " + java.util.Arrays.toString(outs[1]));
    }

    /**
     * The int8 engines set up as the benchmark does (one calibration, Frugal INT8 and ONNX Runtime
     * on the QDQ model) and give a cls output near FP32's: two class probabilities summing to 1.
     */
    @Test
    void int8EnginesRunCls() throws Exception {
        Optional<String> why = ModelStore.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "real models unavailable: " + why.orElse(""));
        for (String engine : new String[] {"frugal-int8", "onnxruntime-int8"}) {
            ModelBenchmark b = new ModelBenchmark();
            b.model = "cls";
            b.engine = engine;
            b.setUp();
            try {
                b.runOnce();
                float[] p = b.output();
                assertEquals(2, p.length, engine);
                assertEquals(1.0, p[0] + p[1], 0.02, engine + ": " + java.util.Arrays.toString(p));
            } finally {
                b.tearDown();
            }
        }
    }
}
