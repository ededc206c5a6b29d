package io.frugal.passes;

import static io.frugal.passes.G.graph;
import static io.frugal.passes.G.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frugal.graph.ConstantTensor;
import io.frugal.graph.ElementType;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.graph.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sign -> Conv becomes a Conv marked as binarizing its input; other readers keep their Sign. */
class SignConvRecognitionTest {
    private static final ElementType F = ElementType.FLOAT;

    @Test
    void signFeedingConvsIsFoldedAndKeptForOtherReaders() {
        Map<String, ConstantTensor> w = Map.of("w", ConstantTensor.ofFloats(new long[] {2, 3, 1, 1}, 1, -1, 1, -1, 1, 1));
        // s = Sign(x) feeds two convs and a Relu: both convs are marked, the Sign stays for the Relu.
        Graph g = graph(13, List.of(Value.of("x", F, 1, 3, 4, 4)), List.of(Value.unranked("a", F), Value.unranked("b", F),
                        Value.unranked("r", F)),
                List.of(node("sign", "Sign", List.of("x"), List.of("s")), node("c1", "Conv", List.of("s", "w"), List.of("a")),
                        node("c2", "Conv", List.of("s", "w"), List.of("b")), node("relu", "Relu", List.of("s"), List.of("r"))), w);
        GraphPass.Result r = new SignConvRecognition().apply(g);
        assertEquals(2, r.changes());
        Map<String, Node> byName = new java.util.HashMap<>();
        for (Node n : r.graph().nodes()) byName.put(n.name(), n);
        for (String c : List.of("c1", "c2")) {
            assertTrue(SignConvRecognition.binaryInput(byName.get(c)), c);
            assertEquals("x", byName.get(c).inputs().get(0), c);
        }
        assertTrue(byName.containsKey("sign"), "the Relu still reads the Sign");

        // Without the Relu, the Sign goes away.
        Graph g2 = graph(13, List.of(Value.of("x", F, 1, 3, 4, 4)), List.of(Value.unranked("a", F)),
                List.of(node("sign", "Sign", List.of("x"), List.of("s")), node("c1", "Conv", List.of("s", "w"), List.of("a"))), w);
        GraphPass.Result r2 = new SignConvRecognition().apply(g2);
        assertEquals(1, r2.graph().nodes().size());
        assertEquals("Conv", r2.graph().nodes().get(0).opType());

        // A Conv reading a Sign only as its weights is left alone.
        Graph g3 = graph(13, List.of(Value.of("x", F, 1, 3, 4, 4), Value.of("v", F, 2, 3, 1, 1)), List.of(Value.unranked("a", F)),
                List.of(node("sign", "Sign", List.of("v"), List.of("s")), node("c1", "Conv", List.of("x", "s"), List.of("a"))), Map.of());
        GraphPass.Result r3 = new SignConvRecognition().apply(g3);
        assertEquals(0, r3.changes());
        assertFalse(SignConvRecognition.binaryInput(r3.graph().nodes().get(1)));
    }
}
