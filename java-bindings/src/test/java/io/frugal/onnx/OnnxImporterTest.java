package io.frugal.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.frugal.graph.Attribute;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.ElementType;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.graph.Value;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-made ModelProtos, built with the protobuf builders. */
class OnnxImporterTest {
    static OnnxMl.ValueInfoProto tensorValue(String name, int elemType, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder b = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Number n) {
                b.setDimValue(n.longValue());
            } else if (d instanceof String s) {
                b.setDimParam(s);
            }
            shape.addDim(b);
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    static NodeProto node(String name, String op, List<String> in, List<String> out, AttributeProto... attrs) {
        return NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(in).addAllOutput(out)
                .addAllAttribute(List.of(attrs)).build();
    }

    static ModelProto model(long opset, GraphProto.Builder g) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("test").setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
    }

    /** x -> Relu -> y, plus whatever the caller adds. */
    static GraphProto.Builder reluGraph() {
        return GraphProto.newBuilder().setName("g").addInput(tensorValue("x", 1, "N", 3))
                .addOutput(tensorValue("y", 1, "N", 3)).addNode(node("relu", "Relu", List.of("x"), List.of("y")));
    }

    static OnnxModel load(ModelProto m) {
        return OnnxImporter.load(m.toByteArray(), "test.onnx");
    }

    static AttributeProto attr(String name, AttributeType type) {
        return AttributeProto.newBuilder().setName(name).setType(type).build();
    }

    @Test
    void importsInputsOutputsAndSymbolicDims() {
        GraphProto.Builder g = reluGraph().addValueInfo(tensorValue("mid", 7, 2, "", 4));
        OnnxModel m = load(model(13, g));
        Graph graph = m.graph();
        assertEquals("test.onnx", m.source());
        assertEquals(8, m.irVersion());
        assertEquals(13, graph.defaultOpset());
        assertEquals(List.of(Value.of("x", ElementType.FLOAT, new long[] {-1, 3}, List.of("N", ""))), graph.inputs());
        assertEquals("[N,3]", graph.outputs().get(0).shapeString());
        assertEquals("[2,?,4]", graph.valueInfos().get("mid").shapeString());
        assertEquals(ElementType.INT64, graph.valueInfos().get("mid").elementType());
        assertEquals(Map.of("Relu", 1), m.opCensus());
    }

    @Test
    void everyAttributeKind() {
        TensorProto t = TensorProto.newBuilder().setDataType(7).addDims(2).addInt64Data(5).addInt64Data(-6).build();
        AttributeProto[] attrs = {
            AttributeProto.newBuilder().setName("f").setType(AttributeType.FLOAT).setF(0.25f).build(),
            AttributeProto.newBuilder().setName("i").setType(AttributeType.INT).setI(-3).build(),
            AttributeProto.newBuilder().setName("s").setType(AttributeType.STRING)
                    .setS(ByteString.copyFromUtf8("nearest")).build(),
            AttributeProto.newBuilder().setName("t").setType(AttributeType.TENSOR).setT(t).build(),
            AttributeProto.newBuilder().setName("fs").setType(AttributeType.FLOATS).addFloats(1f).addFloats(2.5f).build(),
            AttributeProto.newBuilder().setName("is").setType(AttributeType.INTS).addInts(1).addInts(2).addInts(3).build(),
            AttributeProto.newBuilder().setName("ss").setType(AttributeType.STRINGS)
                    .addStrings(ByteString.copyFromUtf8("a")).addStrings(ByteString.copyFromUtf8("b")).build(),
            AttributeProto.newBuilder().setName("untyped").setI(7).build(), // old files leave the type out
            AttributeProto.newBuilder().setName("empty_ints").setType(AttributeType.INTS).build(),
        };
        GraphProto.Builder g = GraphProto.newBuilder().addInput(tensorValue("x", 1, 1)).addOutput(tensorValue("y", 1, 1))
                .addNode(node("n", "Custom", List.of("x", ""), List.of("y"), attrs));
        Node n = load(model(17, g)).graph().nodes().get(0);
        assertEquals(List.of("x", ""), n.inputs());
        Map<String, Attribute> a = n.attributes();
        assertEquals(List.of("f", "i", "s", "t", "fs", "is", "ss", "untyped", "empty_ints"), List.copyOf(a.keySet()));
        assertEquals(0.25f, a.get("f").asFloat());
        assertEquals(-3, a.get("i").asInt());
        assertEquals("nearest", a.get("s").asString());
        assertArrayEquals(new long[] {5, -6}, a.get("t").asTensor().toLongArray());
        assertArrayEquals(new float[] {1f, 2.5f}, a.get("fs").asFloats());
        assertArrayEquals(new long[] {1, 2, 3}, a.get("is").asInts());
        assertEquals(List.of("a", "b"), a.get("ss").asStrings());
        assertEquals(7, a.get("untyped").asInt());
        assertArrayEquals(new long[0], a.get("empty_ints").asInts());
    }

    @Test
    void subgraphAttributeIsRefusedNamingTheNode() {
        AttributeProto g = AttributeProto.newBuilder().setName("then_branch").setType(AttributeType.GRAPH)
                .setG(GraphProto.newBuilder().setName("sub")).build();
        GraphProto.Builder gb = GraphProto.newBuilder().addInput(tensorValue("x", 9)).addOutput(tensorValue("y", 1))
                .addNode(node("if1", "If", List.of("x"), List.of("y"), g));
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> load(model(13, gb)));
        assertTrue(e.getMessage().startsWith("test.onnx: ") && e.getMessage().contains("node 'if1' (If)")
                && e.getMessage().contains("subgraph"), e.getMessage());
    }

    @Test
    void constantNodesBecomeInitializers() {
        TensorProto w = TensorProto.newBuilder().setDataType(1).addDims(3).addFloatData(1).addFloatData(2).addFloatData(3)
                .build();
        GraphProto.Builder g = GraphProto.newBuilder().setName("g").addInput(tensorValue("x", 1, 3))
                .addOutput(tensorValue("y", 1, 3))
                .addNode(node("c_w", "Constant", List.of(), List.of("w"),
                        AttributeProto.newBuilder().setName("value").setType(AttributeType.TENSOR).setT(w).build()))
                .addNode(node("c_f", "Constant", List.of(), List.of("f"),
                        AttributeProto.newBuilder().setName("value_float").setType(AttributeType.FLOAT).setF(0.5f).build()))
                .addNode(node("c_fs", "Constant", List.of(), List.of("fs"), AttributeProto.newBuilder()
                        .setName("value_floats").setType(AttributeType.FLOATS).addFloats(4).addFloats(5).build()))
                .addNode(node("c_i", "Constant", List.of(), List.of("i"),
                        AttributeProto.newBuilder().setName("value_int").setType(AttributeType.INT).setI(-7).build()))
                .addNode(node("c_is", "Constant", List.of(), List.of("is"), AttributeProto.newBuilder()
                        .setName("value_ints").setType(AttributeType.INTS).addInts(1).addInts(-1).build()))
                .addNode(node("mul", "Mul", List.of("x", "w"), List.of("y")));
        OnnxModel m = load(model(11, g));
        Graph graph = m.graph();
        assertEquals(5, m.constantNodes());
        assertEquals(Map.of("Constant", 5, "Mul", 1), m.opCensus());
        assertEquals(1, graph.nodes().size());
        Map<String, ConstantTensor> init = graph.initializers();
        assertArrayEquals(new float[] {1, 2, 3}, init.get("w").toFloatArray());
        assertEquals(0, init.get("f").rank());
        assertEquals(0.5f, init.get("f").floatAt(0));
        assertArrayEquals(new long[] {2}, init.get("fs").shape());
        assertArrayEquals(new float[] {4, 5}, init.get("fs").toFloatArray());
        assertEquals(ElementType.INT64, init.get("i").elementType());
        assertEquals(-7, init.get("i").longAt(0));
        assertArrayEquals(new long[] {1, -1}, init.get("is").toLongArray());
        assertEquals(9, graph.parameterCount());
    }

    @Test
    void unsupportedConstantAttributeIsRefused() {
        GraphProto.Builder g = reluGraph().addNode(node("c_s", "Constant", List.of(), List.of("s"),
                AttributeProto.newBuilder().setName("value_string").setType(AttributeType.STRING)
                        .setS(ByteString.copyFromUtf8("hi")).build()));
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> load(model(13, g)));
        assertTrue(e.getMessage().contains("node 'c_s' (Constant)") && e.getMessage().contains("value_string"),
                e.getMessage());
    }

    private static byte[] le(int capacity, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer b = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(b);
        return b.array();
    }

    private static Map<String, ConstantTensor> initializers(TensorProto... ts) {
        GraphProto.Builder g = reluGraph();
        for (TensorProto t : ts) {
            g.addInitializer(t);
        }
        return load(model(13, g)).graph().initializers();
    }

    @Test
    void rawAndTypedDataAgree() {
        Map<String, ConstantTensor> init = initializers(
                TensorProto.newBuilder().setName("f_raw").setDataType(1).addDims(2).addDims(2)
                        .setRawData(ByteString.copyFrom(le(16, b -> b.putFloat(1).putFloat(-2).putFloat(3.5f).putFloat(4))))
                        .build(),
                TensorProto.newBuilder().setName("f_typed").setDataType(1).addDims(2).addDims(2)
                        .addFloatData(1).addFloatData(-2).addFloatData(3.5f).addFloatData(4).build(),
                TensorProto.newBuilder().setName("l_raw").setDataType(7).addDims(2)
                        .setRawData(ByteString.copyFrom(le(16, b -> b.putLong(-1).putLong(1L << 40)))).build(),
                TensorProto.newBuilder().setName("l_typed").setDataType(7).addDims(2).addInt64Data(-1)
                        .addInt64Data(1L << 40).build(),
                TensorProto.newBuilder().setName("i32").setDataType(6).addDims(2).addInt32Data(-5).addInt32Data(6).build(),
                TensorProto.newBuilder().setName("i8").setDataType(3).addDims(2).addInt32Data(-5).addInt32Data(6).build(),
                TensorProto.newBuilder().setName("u8").setDataType(2).addDims(1).addInt32Data(200).build(),
                TensorProto.newBuilder().setName("b").setDataType(9).addDims(2).addInt32Data(1).addInt32Data(0).build(),
                TensorProto.newBuilder().setName("f16").setDataType(10).addDims(1).addInt32Data(0x3C00).build(),
                TensorProto.newBuilder().setName("d").setDataType(11).addDims(1).addDoubleData(0.125).build(),
                TensorProto.newBuilder().setName("u64").setDataType(13).addDims(1).addUint64Data(9).build(),
                TensorProto.newBuilder().setName("scalar").setDataType(1).addFloatData(7).build(),
                TensorProto.newBuilder().setName("empty").setDataType(1).addDims(0).build());
        assertArrayEquals(init.get("f_raw").toFloatArray(), init.get("f_typed").toFloatArray());
        assertArrayEquals(new float[] {1, -2, 3.5f, 4}, init.get("f_raw").toFloatArray());
        assertArrayEquals(new long[] {2, 2}, init.get("f_typed").shape());
        assertArrayEquals(new long[] {-1, 1L << 40}, init.get("l_raw").toLongArray());
        assertArrayEquals(init.get("l_raw").toLongArray(), init.get("l_typed").toLongArray());
        assertArrayEquals(new long[] {-5, 6}, init.get("i32").toLongArray());
        assertArrayEquals(new long[] {-5, 6}, init.get("i8").toLongArray());
        assertEquals(1, init.get("i8").byteSize() / 2);
        assertEquals(200, init.get("u8").longAt(0));
        assertArrayEquals(new long[] {1, 0}, init.get("b").toLongArray());
        assertEquals(1f, init.get("f16").floatAt(0));
        assertEquals(0.125f, init.get("d").floatAt(0));
        assertEquals(9, init.get("u64").longAt(0));
        assertEquals(7f, init.get("scalar").floatAt(0));
        assertEquals(0, init.get("empty").numElements());
        assertTrue(init.get("f_raw").data().isReadOnly());
    }

    @Test
    void dataOfTheWrongSizeIsRefused() {
        TensorProto shortRaw = TensorProto.newBuilder().setName("w").setDataType(1).addDims(4)
                .setRawData(ByteString.copyFrom(new byte[12])).build();
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> initializers(shortRaw));
        assertTrue(e.getMessage().contains("initializer 'w'") && e.getMessage().contains("16 bytes"), e.getMessage());
        TensorProto missing = TensorProto.newBuilder().setName("w").setDataType(1).addDims(4).build();
        e = assertThrows(OnnxFormatException.class, () -> initializers(missing));
        assertTrue(e.getMessage().contains("0 values in float_data"), e.getMessage());
        TensorProto strings = TensorProto.newBuilder().setName("s").setDataType(8).addDims(1)
                .addStringData(ByteString.copyFromUtf8("x")).build();
        e = assertThrows(OnnxFormatException.class, () -> initializers(strings));
        assertTrue(e.getMessage().contains("STRING"), e.getMessage());
        TensorProto huge = TensorProto.newBuilder().setName("h").setDataType(1).addDims(1L << 40).addDims(1L << 40)
                .build();
        assertThrows(OnnxFormatException.class, () -> initializers(huge));
    }

    @Test
    void externalDataIsRefused() {
        TensorProto ext = TensorProto.newBuilder().setName("conv.weight").setDataType(1).addDims(64)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(OnnxMl.StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin"))
                .build();
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> initializers(ext));
        String m = e.getMessage();
        assertTrue(m.startsWith("test.onnx: ") && m.contains("initializer 'conv.weight'") && m.contains("external file")
                && m.contains("weights.bin"), m);
    }

    @Test
    void opsetsNineToSeventeenOnly() {
        for (long ok : new long[] {9, 13, 17}) {
            assertEquals(ok, load(model(ok, reluGraph())).graph().defaultOpset());
        }
        for (long bad : new long[] {8, 18}) {
            OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> load(model(bad, reluGraph())));
            assertTrue(e.getMessage().contains("opset " + bad) && e.getMessage().contains("9 to 17"), e.getMessage());
        }
        ModelProto noDefault = ModelProto.newBuilder().setIrVersion(8).setGraph(reluGraph()).build();
        assertThrows(OnnxFormatException.class, () -> load(noDefault));
    }

    @Test
    void frugalDomainAllowedOthersRefused() {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(tensorValue("x", 1, 4)).addOutput(tensorValue("y", 1, 4))
                .addNode(node("respro", "ReSPro", List.of("x"), List.of("y"),
                        AttributeProto.newBuilder().setName("alpha").setType(AttributeType.FLOAT).setF(2f).build())
                        .toBuilder().setDomain("io.frugal").build());
        ModelProto m = model(13, g).toBuilder()
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("io.frugal").setVersion(1)).build();
        OnnxModel imported = load(m);
        Node n = imported.graph().nodes().get(0);
        assertEquals("io.frugal", n.domain());
        assertEquals(2f, n.floatAttr("alpha", 0));
        assertEquals(Map.of("io.frugal:ReSPro", 1), imported.opCensus());
        assertEquals(1L, imported.graph().opsetImports().get("io.frugal"));

        ModelProto undeclared = model(13, g);
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> load(undeclared));
        assertTrue(e.getMessage().contains("node 'respro' (io.frugal:ReSPro)"), e.getMessage());
        ModelProto ms = model(13, reluGraph()).toBuilder()
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1)).build();
        e = assertThrows(OnnxFormatException.class, () -> load(ms));
        assertTrue(e.getMessage().contains("com.microsoft"), e.getMessage());
    }

    @Test
    void unknownOpsAreCountedNotRefused() {
        GraphProto.Builder g = reluGraph().addNode(node("", "FancyNewOp", List.of("y"), List.of("z")))
                .addOutput(tensorValue("z", 1));
        OnnxModel m = load(model(17, g));
        assertEquals(Map.of("FancyNewOp", 1, "Relu", 1), m.opCensus());
        assertEquals("FancyNewOp_1", m.graph().nodes().get(1).name()); // unnamed nodes get names
    }

    @Test
    void nodesOutOfOrderAreSorted() {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(tensorValue("x", 1)).addOutput(tensorValue("z", 1))
                .addNode(node("second", "Sigmoid", List.of("y"), List.of("z")))
                .addNode(node("first", "Relu", List.of("x"), List.of("y")));
        List<Node> nodes = load(model(13, g)).graph().nodes();
        assertEquals(List.of("first", "second"), nodes.stream().map(Node::name).toList());
    }

    @Test
    void cycleIsRefusedNamingItsNodes() {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(tensorValue("x", 1)).addOutput(tensorValue("b", 1))
                .addNode(node("add", "Add", List.of("x", "b"), List.of("a")))
                .addNode(node("relu", "Relu", List.of("a"), List.of("b")));
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> load(model(13, g)));
        assertTrue(e.getMessage().contains("cycle") && e.getMessage().contains("node 'add' (Add)")
                && e.getMessage().contains("node 'relu' (Relu)"), e.getMessage());
    }

    @Test
    void danglingInputIsRefusedNamingTheNode() {
        GraphProto.Builder g = reluGraph().addNode(node("conv", "Conv", List.of("y", "no_such_weight"), List.of("z")));
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> load(model(13, g)));
        assertTrue(e.getMessage().contains("node 'conv' (Conv): input 'no_such_weight'"), e.getMessage());
    }

    @Test
    void duplicateOutputIsRefused() {
        GraphProto.Builder g = reluGraph().addNode(node("relu2", "Relu", List.of("x"), List.of("y")));
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> load(model(13, g)));
        assertTrue(e.getMessage().contains("duplicate output 'y'"), e.getMessage());
    }

    @Test
    void emptyAndNonModelBytesAreFormatErrors() {
        for (byte[] bad : new byte[][] {new byte[0], "hello, world".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0x80}, ModelProto.newBuilder().setIrVersion(8).build().toByteArray()}) {
            OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxImporter.load(bad, "bad.onnx"));
            assertTrue(e.getMessage().startsWith("bad.onnx: "), e.getMessage());
            assertEquals("bad.onnx", e.source());
        }
    }
}
