package io.frugal.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.frugal.models.ModelStore;
import io.frugal.models.OcrModel;
import io.frugal.onnx.OnnxImporter;
import io.frugal.plan.Plan;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code Session.run()} allocates nothing on the Java heap: the three models (every operator
 * kind the FP32 compiler emits for them, concat, reorder, resize and batched matmul included)
 * run 50 times with the thread's allocated-bytes counter unchanged but for noise.
 */
class SessionAllocationTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"CLS, 48, 192", "REC, 48, 320", "DET, 96, 96"})
    void runAllocatesNothing(OcrModel model, long h, long w) throws Exception {
        Optional<String> why = ModelStore.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "real models unavailable: " + why.orElse(""));
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(bean.isThreadAllocatedMemorySupported(), "this JVM does not count allocated bytes per thread");
        long[] shape = {1, 3, h, w};
        try (CompiledModel m = CompiledModel.compile(OnnxImporter.load(ModelStore.ocr(model)).graph(), Map.of("x", shape),
                Plan.fp32()); Session s = m.newSession()) {
            s.input("x").copyFrom(RealModelParityTest.input(shape, 5));
            for (int i = 0; i < 20; i++) s.run(); // warm up: JIT, lazy JavaCPP state
            long tid = Thread.currentThread().getId();
            long before = bean.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 50; i++) s.run();
            long allocated = bean.getThreadAllocatedBytes(tid) - before;
            // The counter itself may allocate a few hundred bytes; 50 runs of ~100-200 operators
            // allocating even one object per operator would show tens of kilobytes.
            assertTrue(allocated < 4096, model + ": 50 runs allocated " + allocated + " bytes (" + m.steps().size() + " operators)");
        }
    }
}
