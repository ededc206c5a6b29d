package io.frugal.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphTest {
    private static Node node(String name, String op, List<String> in, List<String> out) {
        return new Node(name, op, in, out, Map.of());
    }

    private static Graph graph(List<Node> nodes, String output) {
        return new Graph("g", List.of(Value.of("x", ElementType.FLOAT, -1, 4)),
                List.of(Value.unranked(output, ElementType.FLOAT)), nodes,
                Map.of("w", ConstantTensor.ofFloats(new long[] {4}, 1, 2, 3, 4)), Map.of("", 13L), Map.of());
    }

    @Test
    void soundGraphValidatesAndCounts() {
        Graph g = graph(List.of(node("mul", "Mul", List.of("x", "w"), List.of("a")),
                node("relu", "Relu", List.of("a"), List.of("b")),
                node("clip", "Clip", List.of("b", "", ""), List.of("y"))), "y");
        assertTrue(g.problems().isEmpty(), g.problems().toString());
        assertEquals(g, g.validate());
        assertEquals(Map.of("Clip", 1, "Mul", 1, "Relu", 1), g.opCounts());
        assertEquals(4, g.parameterCount());
        assertEquals(16, g.parameterBytes());
        assertEquals(13, g.defaultOpset());
    }

    @Test
    void cycleIsReportedWithItsNodes() {
        Graph g = graph(List.of(node("a", "Add", List.of("x", "c_out"), List.of("a_out")),
                node("b", "Relu", List.of("a_out"), List.of("b_out")),
                node("c", "Relu", List.of("b_out"), List.of("c_out"))), "c_out");
        InvalidGraphException e = assertThrows(InvalidGraphException.class, g::validate);
        String m = e.getMessage();
        assertTrue(m.contains("cycle") && m.contains("node 'a' (Add)") && m.contains("node 'b' (Relu)")
                && m.contains("node 'c' (Relu)"), m);
        InvalidGraphException s = assertThrows(InvalidGraphException.class, () -> Graph.topologicalSort("g", g.nodes()));
        assertTrue(s.getMessage().contains("cycle: node 'a' (Add) -> node 'b' (Relu) -> node 'c' (Relu) -> node 'a' (Add)"),
                s.getMessage());
    }

    @Test
    void selfLoopIsACycle() {
        Graph g = graph(List.of(node("loop", "Add", List.of("x", "y"), List.of("y"))), "y");
        assertTrue(g.problems().toString().contains("cycle: node 'loop' (Add) -> node 'loop' (Add)"),
                g.problems().toString());
    }

    @Test
    void danglingInputNamesTheNode() {
        Graph g = graph(List.of(node("conv1", "Conv", List.of("x", "missing_w"), List.of("y"))), "y");
        InvalidGraphException e = assertThrows(InvalidGraphException.class, g::validate);
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).contains("node 'conv1' (Conv): input 'missing_w'"), e.getMessage());
    }

    @Test
    void duplicateOutputsAndNamesAreReported() {
        Graph g = graph(List.of(node("r1", "Relu", List.of("x"), List.of("y")),
                node("r2", "Sigmoid", List.of("x"), List.of("y")),
                node("r2", "Tanh", List.of("x"), List.of("w"))), "y");
        String p = g.problems().toString();
        assertTrue(p.contains("duplicate output 'y': produced by node 'r1' (Relu) and by node 'r2' (Sigmoid)"), p);
        assertTrue(p.contains("duplicate output 'w': produced by initializer and by node 'r2' (Tanh)"), p);
        assertTrue(p.contains("duplicate node name: node 'r2' (Tanh)"), p);
    }

    @Test
    void unproducedGraphOutputAndWrongOrderAreReported() {
        Graph g = graph(List.of(node("second", "Relu", List.of("a"), List.of("y")),
                node("first", "Relu", List.of("x"), List.of("a"))), "z");
        String p = g.problems().toString();
        assertTrue(p.contains("graph output 'z'"), p);
        assertTrue(p.contains("node 'second' (Relu) uses 'a' before node 'first' (Relu) produces it"), p);
    }

    @Test
    void topologicalSortFixesOrderAndKeepsSortedGraphsUnchanged() {
        Node first = node("first", "Relu", List.of("x"), List.of("a"));
        Node second = node("second", "Relu", List.of("a"), List.of("b"));
        Node side = node("side", "Relu", List.of("x"), List.of("c"));
        Node last = node("last", "Add", List.of("b", "c"), List.of("y"));
        assertEquals(List.of(side, first, second, last), Graph.topologicalSort("g", List.of(last, second, side, first)));
        List<Node> sorted = List.of(first, second, side, last);
        assertEquals(sorted, Graph.topologicalSort("g", sorted));
        assertTrue(graph(Graph.topologicalSort("g", List.of(last, second, side, first)), "y").problems().isEmpty());
    }

    @Test
    void valueShapesAndSymbolicDims() {
        Value v = Value.of("x", ElementType.FLOAT, new long[] {-1, 3, -1, 192}, java.util.Arrays.asList("N", null, "", null));
        assertEquals("[N,3,?,192]", v.shapeString());
        assertEquals(4, v.rank());
        assertArrayEquals(new long[] {-1, 3, -1, 192}, v.shape());
        assertTrue(!v.isFullyKnown() && Value.of("y", ElementType.INT64, 2, 3).isFullyKnown());
        Value u = Value.unranked("u", ElementType.BOOL);
        assertEquals("?", u.shapeString());
        assertThrows(IllegalStateException.class, u::rank);
        assertThrows(IllegalArgumentException.class, () -> Value.of("z", ElementType.FLOAT, -2));
        assertThrows(IllegalArgumentException.class, () -> Value.of("z", ElementType.FLOAT, new long[] {1}, List.of("a", "b")));
    }

    @Test
    void nodeRejectsMissingNamesAndReadsAttributes() {
        assertThrows(IllegalArgumentException.class, () -> node("", "Relu", List.of("x"), List.of("y")));
        assertThrows(IllegalArgumentException.class, () -> node("n", "Relu", List.of("x"), List.of("")));
        Node n = new Node("c", "Conv", List.of("x", "w", ""), List.of("y"),
                Map.of("group", Attribute.of(2L), "alpha", Attribute.of(0.5f), "pads", Attribute.ofInts(1, 1, 1, 1)));
        assertEquals(2, n.intAttr("group", 1));
        assertEquals(1, n.intAttr("missing", 1));
        assertEquals(0.5f, n.floatAttr("alpha", 0f));
        assertArrayEquals(new long[] {1, 1, 1, 1}, n.intsAttr("pads", null));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> n.floatAttr("group", 0f));
        assertTrue(e.getMessage().contains("node 'c' (Conv)") && e.getMessage().contains("group"), e.getMessage());
        assertEquals("", n.inputs().get(2));
    }

    @Test
    void attributesOfEveryKind() {
        ConstantTensor t = ConstantTensor.ofInts(new long[] {2}, 7, 8);
        assertEquals(1.5f, Attribute.of(1.5f).asFloat());
        assertEquals(3L, Attribute.of(3L).asInt());
        assertEquals("nearest", Attribute.of("nearest").asString());
        assertEquals(t, Attribute.of(t).asTensor());
        assertArrayEquals(new float[] {1, 2}, Attribute.ofFloats(1, 2).asFloats());
        assertArrayEquals(new long[] {3, 4}, Attribute.ofInts(3, 4).asInts());
        assertEquals(List.of("a", "b"), Attribute.ofStrings(List.of("a", "b")).asStrings());
        assertEquals(Attribute.Kind.STRINGS, Attribute.ofStrings(List.of()).kind());
        assertThrows(IllegalStateException.class, () -> Attribute.of(1L).asFloat());
        long[] raw = {1, 2};
        Attribute ints = Attribute.ofInts(raw);
        raw[0] = 99;
        assertEquals(1, ints.asInts()[0]);
    }

    @Test
    void constantTensorAccessorsAndImmutability() {
        ConstantTensor f = ConstantTensor.ofFloats(new long[] {2, 2}, 1.5f, -2f, 3f, 0.25f);
        assertEquals(4, f.numElements());
        assertEquals(16, f.byteSize());
        assertEquals(-2f, f.floatAt(1));
        assertEquals(-2L, f.longAt(1));
        assertArrayEquals(new float[] {1.5f, -2f, 3f, 0.25f}, f.toFloatArray());
        assertTrue(f.data().isReadOnly());
        assertEquals(java.nio.ByteOrder.LITTLE_ENDIAN, f.data().order());
        assertEquals(-2f, f.data().getFloat(4));
        ConstantTensor l = ConstantTensor.ofLongs(new long[] {3}, 5, -6, Long.MAX_VALUE);
        assertArrayEquals(new long[] {5, -6, Long.MAX_VALUE}, l.toLongArray());
        ConstantTensor scalar = ConstantTensor.ofLongs(new long[0], 42);
        assertEquals(1, scalar.numElements());
        assertEquals(0, scalar.rank());
        ConstantTensor empty = ConstantTensor.ofFloats(new long[] {0, 3});
        assertEquals(0, empty.numElements());
        assertThrows(IndexOutOfBoundsException.class, () -> f.floatAt(4));
        assertThrows(IllegalArgumentException.class, () -> ConstantTensor.ofFloats(new long[] {3}, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> ConstantTensor.of(ElementType.STRING, new long[] {1}, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> ConstantTensor.numElements(new long[] {Long.MAX_VALUE, 4}));
        byte[] bytes = {1, (byte) 0xFF, 0, 1};
        ConstantTensor u8 = ConstantTensor.of(ElementType.UINT8, new long[] {4}, bytes);
        bytes[0] = 9; // copied
        assertArrayEquals(new long[] {1, 255, 0, 1}, u8.toLongArray());
        ConstantTensor bool = ConstantTensor.of(ElementType.BOOL, new long[] {4}, bytes);
        assertArrayEquals(new long[] {1, 1, 0, 1}, bool.toLongArray());
        // float16 1.0 = 0x3C00, -2.0 = 0xC000, smallest subnormal 0x0001; bfloat16 1.0 = 0x3F80
        ConstantTensor h = ConstantTensor.of(ElementType.FLOAT16, new long[] {3}, new byte[] {0, 0x3C, 0, (byte) 0xC0, 1, 0});
        assertArrayEquals(new float[] {1f, -2f, 0x1p-24f}, h.toFloatArray());
        ConstantTensor bf = ConstantTensor.of(ElementType.BFLOAT16, new long[] {1}, new byte[] {(byte) 0x80, 0x3F});
        assertEquals(1f, bf.floatAt(0));
    }

    @Test
    void elementTypesMapOnnxCodes() {
        for (ElementType t : ElementType.values()) {
            assertEquals(t, ElementType.fromOnnx(t.onnxCode()));
        }
        assertEquals(ElementType.FLOAT, ElementType.fromOnnx(1));
        assertEquals(ElementType.INT64, ElementType.fromOnnx(7));
        assertThrows(IllegalArgumentException.class, () -> ElementType.fromOnnx(0));
        assertThrows(IllegalArgumentException.class, () -> ElementType.fromOnnx(99));
    }
}
