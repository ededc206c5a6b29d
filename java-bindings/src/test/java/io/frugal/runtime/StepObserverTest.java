package io.frugal.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frugal.onnx.OnnxImporter;
import io.frugal.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Session.run(StepObserver): every written value, in order, with the values a plain run computes. */
class StepObserverTest {
    @Test
    void observesEveryStepOutputAndTheSameResult() {
        TinyModel m = new TinyModel(13).input("x", 1, 3, 5, 5).weight("w", 4, 3, 3, 3)
                .node("Conv", List.of("x", "w"), List.of("c"), "pads", new long[] {1, 1, 1, 1})
                .node("Relu", List.of("c"), List.of("r")).node("GlobalAveragePool", List.of("r"), List.of("g"))
                .node("Flatten", List.of("g"), List.of("y")).output("y");
        try (CompiledModel model = CompiledModel.compile(OnnxImporter.load(m.bytes(), "t").graph(),
                Map.of("x", new long[] {1, 3, 5, 5}), Plan.fp32()); Session s = model.newSession()) {
            float[] x = OperatorParityTest.inputs(m.inputShapes(), 3).get("x");
            float[] plain = s.runArrays(Map.of("x", x)).get("y");
            List<String> seen = new ArrayList<>();
            List<float[]> relu = new ArrayList<>();
            s.run((step, value, tensor) -> {
                seen.add(step.opType() + ":" + value);
                if (value.equals("r")) relu.add(tensor.toFloatArray());
            });
            assertEquals(model.steps().size(), seen.size(), seen.toString());
            assertTrue(seen.contains("Conv:r"), "the Relu is fused into the conv: " + seen);
            assertTrue(seen.get(seen.size() - 1).startsWith("GlobalAveragePool:"), seen.toString());
            for (float v : relu.get(0)) assertTrue(v >= 0, "relu output is non-negative");
            assertArrayEquals(plain, s.output("y").toFloatArray());
        }
    }
}
