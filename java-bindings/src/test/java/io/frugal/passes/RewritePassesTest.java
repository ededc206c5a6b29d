package io.frugal.passes;

import static io.frugal.passes.G.graph;
import static io.frugal.passes.G.node;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frugal.Activation;
import io.frugal.graph.Attribute;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.ElementType;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.graph.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ConstantFolding, ConvAffineFolding, ActivationFusion, DeadNodeRemoval on hand-built graphs. */
class RewritePassesTest {
    private static final ElementType F = ElementType.FLOAT;

    @Test
    void constantFoldingFoldsShapeArithmetic() {
        Graph g = graph(13, List.of(Value.of("x", F, 2, 6)), List.of(Value.unranked("y", F)),
                List.of(node("sh", "Shape", List.of("x"), List.of("s")),
                        node("mul", "Mul", List.of("s", "two"), List.of("s2")),
                        node("cast", "Cast", List.of("s2"), List.of("s3"), "to", Attribute.of(7L)),
                        node("r", "Reshape", List.of("x", "t"), List.of("y"))),
                Map.of("two", ConstantTensor.ofLongs(new long[] {1}, 2), "t", ConstantTensor.ofLongs(new long[] {2}, 3, 4)));
        GraphPass.Result r = new ConstantFolding().apply(g);
        assertEquals(3, r.changes());
        assertArrayEquals(new long[] {4, 12}, r.graph().initializers().get("s3").toLongArray());
        assertEquals(List.of("r"), r.graph().nodes().stream().map(Node::name).toList());
    }

    @Test
    void batchNormFoldingMatchesConvThenBnInFloat64() {
        float[] x = {1, -2, 3, 0.5f, -1, 2, 4, -3, 1.5f};
        float[] w = {0.5f, -1, 2, 0.25f, 1, 1, -0.5f, 3};
        float[] b = {0.1f, -0.2f};
        float[] scale = {1.5f, -0.7f};
        float[] shift = {0.3f, 2f};
        float[] mean = {0.4f, -1.1f};
        float[] var = {2f, 0.3f};
        float eps = 1e-3f;
        Graph g = graph(11, List.of(Value.of("x", F, 1, 1, 3, 3)), List.of(Value.unranked("y", F)),
                List.of(node("c", "Conv", List.of("x", "w", "b"), List.of("cv")),
                        node("bn", "BatchNormalization", List.of("cv", "sc", "sh", "mu", "va"), List.of("y"),
                                "epsilon", Attribute.of(eps))),
                Map.of("w", ConstantTensor.ofFloats(new long[] {2, 1, 2, 2}, w), "b", ConstantTensor.ofFloats(new long[] {2}, b),
                        "sc", ConstantTensor.ofFloats(new long[] {2}, scale), "sh", ConstantTensor.ofFloats(new long[] {2}, shift),
                        "mu", ConstantTensor.ofFloats(new long[] {2}, mean), "va", ConstantTensor.ofFloats(new long[] {2}, var)));
        GraphPass.Result r = new ConvAffineFolding().apply(g);
        assertEquals(1, r.changes());
        Graph f = r.graph();
        assertEquals(1, f.nodes().size());
        Node c = f.nodes().get(0);
        assertEquals(List.of("y"), c.outputs());
        float[] fw = f.initializers().get(c.inputs().get(1)).toFloatArray();
        float[] fb = f.initializers().get(c.inputs().get(2)).toFloatArray();
        for (int o = 0; o < 2; o++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    double conv = b[o];
                    double folded = fb[o];
                    for (int ki = 0; ki < 2; ki++) {
                        for (int kj = 0; kj < 2; kj++) {
                            conv += (double) w[o * 4 + ki * 2 + kj] * x[(i + ki) * 3 + j + kj];
                            folded += (double) fw[o * 4 + ki * 2 + kj] * x[(i + ki) * 3 + j + kj];
                        }
                    }
                    double ref = (conv - mean[o]) / Math.sqrt((double) var[o] + eps) * scale[o] + shift[o];
                    assertEquals(ref, folded, 1e-5 * Math.max(1, Math.abs(ref)));
                }
            }
        }
        Graph dead = new DeadNodeRemoval().apply(f).graph();
        assertEquals(2, dead.initializers().size(), dead.initializers().keySet().toString());
    }

    @Test
    void convAffineFoldingFoldsChainsAndRefusesWhatIsNotPerChannel() {
        Map<String, ConstantTensor> inits = new java.util.HashMap<>(Map.of(
                "w", ConstantTensor.ofFloats(new long[] {2, 1, 1, 1}, 2f, 3f),
                "s", ConstantTensor.ofFloats(new long[] {}, 0.5f),
                "t", ConstantTensor.ofFloats(new long[] {2, 1, 1}, 1f, -1f),
                "row", ConstantTensor.ofFloats(new long[] {1, 1, 1, 2}, 1f, 2f)));
        // Conv -> Mul(scalar) -> Add(per channel): both fold; y = (w * x) * 0.5 + t.
        Graph chain = graph(13, List.of(Value.of("x", F, 1, 1, 2, 2)), List.of(Value.unranked("y", F)),
                List.of(node("c", "Conv", List.of("x", "w"), List.of("cv")), node("m", "Mul", List.of("s", "cv"), List.of("mv")),
                        node("a", "Add", List.of("mv", "t"), List.of("y"))), inits);
        GraphPass.Result r = new ConvAffineFolding().apply(chain);
        assertEquals(2, r.changes(), r.summary());
        Node c = r.graph().nodes().get(0);
        assertEquals(1, r.graph().nodes().size());
        assertEquals(List.of("y"), c.outputs());
        assertEquals(List.of(1f, 1.5f), boxed(r.graph().initializers().get(c.inputs().get(1)).toFloatArray()));
        assertEquals(List.of(1f, -1f), boxed(r.graph().initializers().get(c.inputs().get(2)).toFloatArray()));
        // Not per channel (varies along W), c - x, and a conv output with a second use: nothing folds.
        for (Node affine : List.of(node("a", "Add", List.of("cv", "row"), List.of("y")),
                node("a", "Sub", List.of("t", "cv"), List.of("y")))) {
            Graph g = graph(13, List.of(Value.of("x", F, 1, 1, 2, 2)), List.of(Value.unranked("y", F)),
                    List.of(node("c", "Conv", List.of("x", "w"), List.of("cv")), affine), inits);
            assertEquals(0, new ConvAffineFolding().apply(g).changes(), affine.toString());
        }
        Graph shared = graph(13, List.of(Value.of("x", F, 1, 1, 2, 2)), List.of(Value.unranked("y", F), Value.unranked("cv", F)),
                List.of(node("c", "Conv", List.of("x", "w"), List.of("cv")), node("m", "Mul", List.of("cv", "s"), List.of("y"))),
                inits);
        assertEquals(0, new ConvAffineFolding().apply(shared).changes());
    }

    @Test
    void inputAffineFoldsScalesIntoAnyConvAndShiftsOnlyIntoUnpaddedOnes() {
        Map<String, ConstantTensor> inits = Map.of("w", ConstantTensor.ofFloats(new long[] {1, 2, 1, 1}, 2f, 3f),
                "s", ConstantTensor.ofFloats(new long[] {}, 0.5f), "t", ConstantTensor.ofFloats(new long[] {1, 2, 1, 1}, 1f, -1f));
        // x -> Mul(s) -> Add(t) -> Conv 1x1: both fold; w' = w * 0.5, b' = 2*1 + 3*(-1) = -1.
        Graph g = graph(13, List.of(Value.of("x", F, 1, 2, 3, 3)), List.of(Value.unranked("y", F)),
                List.of(node("m", "Mul", List.of("x", "s"), List.of("mx")), node("a", "Add", List.of("mx", "t"), List.of("ax")),
                        node("c", "Conv", List.of("ax", "w"), List.of("y"))), inits);
        g = new ShapeInference(Map.of(), Map.of()).apply(g).graph();
        GraphPass.Result r = new ConvInputAffineFolding().apply(g);
        assertEquals(2, r.changes(), r.summary());
        Node c = r.graph().nodes().get(0);
        assertEquals(List.of("x"), c.inputs().subList(0, 1));
        assertEquals(List.of(1f, 1.5f), boxed(r.graph().initializers().get(c.inputs().get(1)).toFloatArray()));
        assertEquals(List.of(-1f), boxed(r.graph().initializers().get(c.inputs().get(2)).toFloatArray()));
        // With padding only the scale folds: the Add stays in front of the conv.
        Graph padded = graph(13, List.of(Value.of("x", F, 1, 2, 3, 3)), List.of(Value.unranked("y", F)),
                List.of(node("m", "Mul", List.of("x", "s"), List.of("mx")), node("a", "Add", List.of("mx", "t"), List.of("ax")),
                        node("c", "Conv", List.of("ax", "w"), List.of("y"), "pads", Attribute.ofInts(1, 1, 1, 1))), inits);
        padded = new ShapeInference(Map.of(), Map.of()).apply(padded).graph();
        r = new ConvInputAffineFolding().apply(padded);
        // x*s + t = s*(x + t/s): the scale moves next to the conv and folds; the shift stays, as t/s.
        assertEquals(2, r.changes(), r.summary());
        assertEquals(List.of("Add", "Conv"), r.graph().nodes().stream().map(Node::opType).toList());
        Node add = r.graph().nodes().get(0);
        assertEquals(List.of(2f, -2f), boxed(r.graph().initializers().get(add.inputs().get(1)).toFloatArray()));
        Node conv = r.graph().nodes().get(1);
        assertEquals(List.of(1f, 1.5f), boxed(r.graph().initializers().get(conv.inputs().get(1)).toFloatArray()));
    }

    @Test
    void hardSwishRecognitionCollapsesTheSpelledOutFormOnly() {
        Map<String, ConstantTensor> inits = Map.of("three", ConstantTensor.ofFloats(new long[] {}, 3f),
                "six", ConstantTensor.ofFloats(new long[] {}, 6f), "zero", ConstantTensor.ofFloats(new long[] {}, 0f));
        List<Node> spelled = List.of(node("a", "Add", List.of("three", "x"), List.of("ax")),
                node("cl", "Clip", List.of("ax", "zero", "six"), List.of("cx")),
                node("m", "Mul", List.of("x", "cx"), List.of("mx")), node("d", "Div", List.of("mx", "six"), List.of("y")));
        Graph g = graph(11, List.of(Value.of("x", F, 2, 3)), List.of(Value.unranked("y", F)), spelled, inits);
        GraphPass.Result r = new HardSwishRecognition().apply(g);
        assertEquals(1, r.changes());
        assertEquals(1, r.graph().nodes().size());
        Node h = r.graph().nodes().get(0);
        assertEquals("HardSwish", h.opType());
        assertEquals(List.of("x"), h.inputs());
        assertEquals(List.of("y"), h.outputs());
        // The Clip's output is also a graph output: the pattern must stay.
        Graph used = graph(11, List.of(Value.of("x", F, 2, 3)), List.of(Value.unranked("y", F), Value.unranked("cx", F)),
                spelled, inits);
        assertEquals(0, new HardSwishRecognition().apply(used).changes());
    }

    private static List<Float> boxed(float[] v) {
        List<Float> out = new java.util.ArrayList<>();
        for (float f : v) out.add(f);
        return out;
    }

    @Test
    void activationFusionRespectsOtherUsesAndDefaults() {
        Graph g = graph(9, List.of(Value.of("x", F, 1, 1, 2, 2)), List.of(Value.unranked("y", F), Value.unranked("c2", F)),
                List.of(node("c1", "Conv", List.of("x", "w"), List.of("c1o")),
                        node("hs", "HardSigmoid", List.of("c1o"), List.of("h")),
                        node("c2", "Conv", List.of("h", "w"), List.of("c2")),
                        node("lr", "LeakyRelu", List.of("c2"), List.of("y"))),
                Map.of("w", ConstantTensor.ofFloats(new long[] {1, 1, 1, 1}, 2f)));
        GraphPass.Result r = new ActivationFusion().apply(g);
        assertEquals(1, r.changes(), "c2 is a graph output: LeakyRelu stays");
        Node c1 = r.graph().nodes().get(0);
        assertEquals(new Activation(Activation.Kind.HARD_SIGMOID, 0.2f, 0.5f), ActivationFusion.fused(c1));
        assertEquals(List.of("h"), c1.outputs());
        assertEquals(3, r.graph().nodes().size());
        assertTrue(r.graph().problems().isEmpty(), r.graph().problems().toString());

        Graph clip = graph(11, List.of(Value.of("x", F, 2, 3)), List.of(Value.unranked("y", F)),
                List.of(node("m", "MatMul", List.of("x", "k"), List.of("mo")),
                        node("cl", "Clip", List.of("mo", "lo", "hi"), List.of("y"))),
                Map.of("k", ConstantTensor.ofFloats(new long[] {3, 1}, 1, 2, 3), "lo", ConstantTensor.ofFloats(new long[0], 0f),
                        "hi", ConstantTensor.ofFloats(new long[0], 6f)));
        Node m = new ActivationFusion().apply(clip).graph().nodes().get(0);
        assertEquals(Activation.clip(0, 6), ActivationFusion.fused(m));
    }

    @Test
    void deadNodeRemovalAndPipelineReport() {
        Graph g = graph(11, List.of(Value.of("x", F, 1, 4)), List.of(Value.unranked("y", F)),
                List.of(node("a", "Relu", List.of("x"), List.of("y")),
                        node("dead", "Mul", List.of("x", "k"), List.of("unused"))),
                Map.of("k", ConstantTensor.ofFloats(new long[] {1}, 2f)));
        GraphPass.Result r = new DeadNodeRemoval().apply(g);
        assertEquals(2, r.changes());
        assertEquals(1, r.graph().nodes().size());
        assertTrue(r.graph().initializers().isEmpty());
        Passes.Report rep = Passes.standard(Map.of()).run(g);
        assertEquals(9, rep.results().size());
        assertTrue(rep.toString().contains("DeadNodeRemoval: 1 nodes and 1 initializers removed"), rep.toString());
        assertArrayEquals(new long[] {1, 4}, rep.graph().outputs().get(0).shape());
    }
}
