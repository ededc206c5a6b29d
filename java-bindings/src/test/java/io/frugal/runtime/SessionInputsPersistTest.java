package io.frugal.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.frugal.graph.ElementType;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.graph.Value;
import io.frugal.plan.Plan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A session's input tensor keeps its values across runs (Session.run(Map): "inputs not given keep
 * their last values"): the arena must not lend an input's memory to a value computed after the
 * input's last reader. Found by ModelBenchmark, which copies its input once and runs many times.
 */
class SessionInputsPersistTest {
    @Test
    void runningTwiceOnOneInputGivesTheSameOutputAndLeavesTheInput() {
        // x -> Relu -> a -> Relu -> b -> Relu -> y: without the input reserved, b lands where x was.
        Graph g = new Graph("chain", List.of(Value.of("x", ElementType.FLOAT, 1, 4)), List.of(Value.of("y", ElementType.FLOAT, 1, 4)),
                List.of(new Node("r1", "Relu", List.of("x"), List.of("a"), Map.of()),
                        new Node("r2", "Relu", List.of("a"), List.of("b"), Map.of()),
                        new Node("r3", "Relu", List.of("b"), List.of("y"), Map.of())),
                Map.of(), Map.of("", 13L), Map.of());
        float[] x = {-1, 2, -3, 4};
        try (CompiledModel m = CompiledModel.compile(g, Map.of(), Plan.fp32()); Session s = m.newSession()) {
            s.input("x").copyFrom(x);
            s.run();
            assertArrayEquals(x, s.input("x").toFloatArray(), "the input after one run");
            assertArrayEquals(new float[] {0, 2, 0, 4}, s.output("y").toFloatArray());
            s.run();
            assertArrayEquals(x, s.input("x").toFloatArray(), "the input after two runs");
            assertArrayEquals(new float[] {0, 2, 0, 4}, s.output("y").toFloatArray());
        }
    }
}
