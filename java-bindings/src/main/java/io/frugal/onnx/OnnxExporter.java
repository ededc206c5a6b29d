package io.frugal.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import io.frugal.graph.Attribute;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.graph.Value;
import io.frugal.passes.ActivationFusion;
import io.frugal.passes.ActivationUnfusion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link Graph} -> ONNX ModelProto: the way back out of Frugal's pipeline, for running a graph (an
 * imported one, one after Frugal's passes, or one built from either) in another runtime.
 *
 * <ul>
 *   <li>Inputs and outputs with their element types and shapes (symbolic dimensions as
 *       {@code dim_param}), nodes in order with their attributes and domains, every initializer
 *       (as {@code raw_data}), the known types of intermediate values as {@code value_info}, one
 *       opset import per domain.</li>
 *   <li>Activations that {@link ActivationFusion} fused into their producer (attributes of
 *       Frugal's own, which other runtimes refuse) are written back as ONNX nodes
 *       ({@link ActivationUnfusion}).</li>
 *   <li>The default domain is written at the graph's opset or, on request, a later one
 *       ({@link OpsetUpgrade}: ops whose signature changed are rewritten, ops it does not know are
 *       refused). HardSwish below opset 14 is written as {@code x * HardSigmoid(x)}.</li>
 *   <li>{@code ir_version} follows the opset (opset 9: 4, 10: 5, 11: 6, 12-14: 7, 15-17: 8).</li>
 * </ul>
 */
public final class OnnxExporter {
    private OnnxExporter() {}

    /** The graph as a ModelProto at its own opset. */
    public static OnnxMl.ModelProto toModel(Graph graph) {
        return toModel(graph, graph.defaultOpset());
    }

    /**
     * The graph as a ModelProto with the default domain at {@code opset}.
     *
     * @throws IllegalArgumentException if the graph is not sound, the opset is below the graph's or
     *     outside {@value OnnxImporter#MIN_OPSET}..{@value OnnxImporter#MAX_OPSET}, or a node cannot
     *     be carried to it (the message names the node)
     */
    public static OnnxMl.ModelProto toModel(Graph graph, long opset) {
        Graph g = prepare(graph, opset);
        OnnxMl.GraphProto.Builder gp = OnnxMl.GraphProto.newBuilder().setName(g.name());
        for (Value v : g.inputs()) gp.addInput(valueInfo(v));
        for (Value v : g.outputs()) gp.addOutput(valueInfo(v));
        for (Map.Entry<String, ConstantTensor> e : g.initializers().entrySet()) gp.addInitializer(tensor(e.getKey(), e.getValue()));
        Set<String> produced = new HashSet<>();
        for (Node n : g.nodes()) {
            gp.addNode(node(n));
            produced.addAll(n.outputs());
        }
        Set<String> outputs = new HashSet<>();
        for (Value v : g.outputs()) outputs.add(v.name());
        for (Value v : g.valueInfos().values()) {
            if (produced.contains(v.name()) && !outputs.contains(v.name())) gp.addValueInfo(valueInfo(v));
        }
        OnnxMl.ModelProto.Builder m = OnnxMl.ModelProto.newBuilder().setIrVersion(irVersion(g.defaultOpset()))
                .setProducerName("frugal").setGraph(gp);
        Map<String, Long> opsets = new LinkedHashMap<>(g.opsetImports());
        for (Node n : g.nodes()) {
            if (!opsets.containsKey(n.domain())) opsets.put(n.domain(), 1L);
        }
        for (Map.Entry<String, Long> e : opsets.entrySet()) {
            m.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(e.getKey()).setVersion(e.getValue()));
        }
        return m.build();
    }

    /** {@link #toModel(Graph)} serialized. */
    public static byte[] export(Graph graph) {
        return toModel(graph).toByteArray();
    }

    /** {@link #toModel(Graph, long)} serialized. */
    public static byte[] export(Graph graph, long opset) {
        return toModel(graph, opset).toByteArray();
    }

    /** Writes {@link #export(Graph, long)} to a file. */
    public static void save(Graph graph, long opset, Path file) throws IOException {
        Files.write(file, export(graph, opset));
    }

    /** The graph as it will be written: checked, activations unfused, opset upgraded. */
    static Graph prepare(Graph graph, long opset) {
        graph.validate();
        Graph g = graph;
        if (g.nodes().stream().anyMatch(n -> n.attribute(ActivationFusion.KIND).isPresent())) {
            g = new ActivationUnfusion().apply(g).graph();
        }
        return OpsetUpgrade.upgrade(g, opset);
    }

    /** The ONNX IR version that goes with a default-domain opset. */
    static long irVersion(long opset) {
        if (opset <= 8) return 3;
        if (opset == 9) return 4;
        if (opset == 10) return 5;
        if (opset == 11) return 6;
        if (opset <= 14) return 7;
        if (opset <= 18) return 8;
        if (opset <= 20) return 9;
        return 10;
    }

    static OnnxMl.ValueInfoProto valueInfo(Value v) {
        OnnxMl.TypeProto.Tensor.Builder t = OnnxMl.TypeProto.Tensor.newBuilder().setElemType(v.elementType().onnxCode());
        if (v.hasRank()) {
            OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
            long[] shape = v.shape();
            List<String> names = v.dimNames();
            for (int i = 0; i < shape.length; i++) {
                OnnxMl.TensorShapeProto.Dimension.Builder d = OnnxMl.TensorShapeProto.Dimension.newBuilder();
                if (shape[i] != Value.UNKNOWN_DIM) {
                    d.setDimValue(shape[i]);
                } else if (!names.get(i).isEmpty()) {
                    d.setDimParam(names.get(i));
                }
                s.addDim(d);
            }
            t.setShape(s);
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(v.name())
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(t)).build();
    }

    static OnnxMl.TensorProto tensor(String name, ConstantTensor t) {
        OnnxMl.TensorProto.Builder b = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(t.elementType().onnxCode());
        for (long d : t.shape()) b.addDims(d);
        return b.setRawData(ByteString.copyFrom(t.data())).build();
    }

    static OnnxMl.NodeProto node(Node n) {
        OnnxMl.NodeProto.Builder b = OnnxMl.NodeProto.newBuilder().setName(n.name()).setOpType(n.opType())
                .setDomain(n.domain()).addAllInput(n.inputs()).addAllOutput(n.outputs());
        for (Map.Entry<String, Attribute> e : n.attributes().entrySet()) b.addAttribute(attribute(e.getKey(), e.getValue()));
        return b.build();
    }

    static OnnxMl.AttributeProto attribute(String name, Attribute a) {
        OnnxMl.AttributeProto.Builder b = OnnxMl.AttributeProto.newBuilder().setName(name);
        switch (a.kind()) {
            case FLOAT -> b.setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(a.asFloat());
            case INT -> b.setType(OnnxMl.AttributeProto.AttributeType.INT).setI(a.asInt());
            case STRING -> b.setType(OnnxMl.AttributeProto.AttributeType.STRING)
                    .setS(ByteString.copyFrom(a.asString(), StandardCharsets.UTF_8));
            case TENSOR -> b.setType(OnnxMl.AttributeProto.AttributeType.TENSOR).setT(tensor("", a.asTensor()));
            case FLOATS -> {
                b.setType(OnnxMl.AttributeProto.AttributeType.FLOATS);
                for (float f : a.asFloats()) b.addFloats(f);
            }
            case INTS -> {
                b.setType(OnnxMl.AttributeProto.AttributeType.INTS);
                for (long v : a.asInts()) b.addInts(v);
            }
            case STRINGS -> {
                b.setType(OnnxMl.AttributeProto.AttributeType.STRINGS);
                for (String s : a.asStrings()) b.addStrings(ByteString.copyFrom(s, StandardCharsets.UTF_8));
            }
            default -> throw new IllegalArgumentException("attribute '" + name + "' has kind " + a.kind());
        }
        return b.build();
    }
}
