package io.frugal.passes;

import static io.frugal.passes.G.graph;
import static io.frugal.passes.G.node;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frugal.graph.Attribute;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.ElementType;
import io.frugal.graph.Graph;
import io.frugal.graph.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShapeInferenceTest {
    private static final ElementType F = ElementType.FLOAT;

    private static long[] shapeOf(Graph g, String v) {
        return g.valueInfos().get(v).shape();
    }

    @Test
    void convPoolAndSymbolicBatch() {
        Graph g = graph(11, List.of(Value.of("x", F, new long[] {-1, 3, 10, 11}, List.of("N", "", "", ""))),
                List.of(Value.unranked("p", F)),
                List.of(node("c", "Conv", List.of("x", "w"), List.of("y"), "strides", Attribute.ofInts(2, 2),
                        "pads", Attribute.ofInts(1, 1, 1, 1)),
                        node("s", "Conv", List.of("y", "w2"), List.of("z"), "auto_pad", Attribute.of("SAME_UPPER"),
                                "strides", Attribute.ofInts(2, 2)),
                        node("p", "MaxPool", List.of("z"), List.of("p"), "kernel_shape", Attribute.ofInts(2, 2),
                                "strides", Attribute.ofInts(2, 2), "ceil_mode", Attribute.of(1L))),
                Map.of("w", ConstantTensor.ofFloats(new long[] {8, 3, 3, 3}, new float[216]),
                        "w2", ConstantTensor.ofFloats(new long[] {4, 8, 3, 3}, new float[288])));
        Graph r = new ShapeInference(Map.of("N", 5L), Map.of()).apply(g).graph();
        assertArrayEquals(new long[] {5, 3, 10, 11}, r.inputs().get(0).shape());
        assertArrayEquals(new long[] {5, 8, 5, 6}, shapeOf(r, "y"));
        assertArrayEquals(new long[] {5, 4, 3, 3}, shapeOf(r, "z"));
        assertArrayEquals(new long[] {5, 4, 2, 2}, r.outputs().get(0).shape());
    }

    @Test
    void shapeArithmeticFeedsReshapeAndSqueezeByOpset() {
        for (long opset : new long[] {11, 13}) {
            List<io.frugal.graph.Node> nodes = List.of(
                    node("sh", "Shape", List.of("x"), List.of("s")),
                    node("g", "Gather", List.of("s", "i0"), List.of("n"), "axis", Attribute.of(0L)),
                    opset >= 13 ? node("u", "Unsqueeze", List.of("n", "ax"), List.of("nu"))
                            : node("u", "Unsqueeze", List.of("n"), List.of("nu"), "axes", Attribute.ofInts(0)),
                    node("c", "Concat", List.of("nu", "m1"), List.of("shp"), "axis", Attribute.of(0L)),
                    node("r", "Reshape", List.of("x", "shp"), List.of("y")),
                    node("sl", "Slice", List.of("y", "st", "en", "ax"), List.of("z")),
                    opset >= 13 ? node("q", "Squeeze", List.of("z", "ax"), List.of("q"))
                            : node("q", "Squeeze", List.of("z"), List.of("q"), "axes", Attribute.ofInts(0)));
            Graph g = graph(opset, List.of(Value.of("x", F, 2, 3, 4)), List.of(Value.unranked("q", F)), nodes,
                    Map.of("i0", ConstantTensor.ofLongs(new long[0], 0), "ax", ConstantTensor.ofLongs(new long[] {1}, 0),
                            "m1", ConstantTensor.ofLongs(new long[] {1}, -1),
                            "st", ConstantTensor.ofLongs(new long[] {1}, -1),
                            "en", ConstantTensor.ofLongs(new long[] {1}, Long.MAX_VALUE)));
            Graph r = ShapeInference.staticInputs().apply(g).graph();
            assertArrayEquals(new long[] {2}, shapeOf(r, "shp"));
            assertArrayEquals(new long[] {2, 12}, shapeOf(r, "y"));
            assertArrayEquals(new long[] {1, 12}, shapeOf(r, "z"));
            assertArrayEquals(new long[] {12}, r.outputs().get(0).shape());
            assertEquals(ElementType.INT64, r.valueInfos().get("s").elementType());
        }
    }

    @Test
    void resizeConvTransposeGemmMatMul() {
        Graph g = graph(11, List.of(Value.of("x", F, 1, 2, 3, 4)), List.of(Value.unranked("m", F)),
                List.of(node("rs", "Resize", List.of("x", "roi", "sc"), List.of("a")),
                        node("ct", "ConvTranspose", List.of("a", "wt"), List.of("b"), "strides", Attribute.ofInts(2, 2)),
                        node("f", "Flatten", List.of("b"), List.of("c")),
                        node("gm", "Gemm", List.of("c", "wg"), List.of("d"), "transB", Attribute.of(1L)),
                        node("mm", "MatMul", List.of("d", "wm"), List.of("m"))),
                Map.of("roi", ConstantTensor.ofFloats(new long[] {0}), "sc",
                        ConstantTensor.ofFloats(new long[] {4}, 1, 1, 2, 2),
                        "wt", ConstantTensor.ofFloats(new long[] {2, 3, 2, 2}, new float[24]),
                        "wg", ConstantTensor.ofFloats(new long[] {5, 3 * 12 * 16}, new float[5 * 576]),
                        "wm", ConstantTensor.ofFloats(new long[] {5, 7}, new float[35])));
        Graph r = ShapeInference.staticInputs().apply(g).graph();
        assertArrayEquals(new long[] {1, 2, 6, 8}, shapeOf(r, "a"));
        assertArrayEquals(new long[] {1, 3, 12, 16}, shapeOf(r, "b"));
        assertArrayEquals(new long[] {1, 7}, r.outputs().get(0).shape());
    }

    @Test
    void unknownOpAndUnboundDimAreClearErrors() {
        Graph g = graph(12, List.of(Value.of("x", F, 1, 2)), List.of(Value.unranked("y", F)),
                List.of(node("weird", "FooBar", List.of("x"), List.of("y"))), Map.of());
        PassException e = assertThrows(PassException.class, () -> ShapeInference.staticInputs().apply(g));
        assertTrue(e.getMessage().contains("'weird'") && e.getMessage().contains("FooBar")
                && e.getMessage().contains("opset 12"), e.getMessage());
        Graph g2 = graph(12, List.of(Value.of("x", F, -1, 2)), List.of(Value.unranked("y", F)),
                List.of(node("r", "Relu", List.of("x"), List.of("y"))), Map.of());
        assertThrows(PassException.class, () -> ShapeInference.staticInputs().apply(g2));
        Graph r = ShapeInference.withInputShapes(Map.of("x", new long[] {3, 2})).apply(g2).graph();
        assertArrayEquals(new long[] {3, 2}, r.outputs().get(0).shape());
    }
}
