package io.frugal.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.frugal.graph.Attribute;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.ElementType;
import io.frugal.graph.Graph;
import io.frugal.graph.InvalidGraphException;
import io.frugal.graph.Node;
import io.frugal.graph.Value;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * ONNX model file -> {@link Graph}: the first stage of Frugal's pipeline.
 *
 * <ul>
 *   <li>Weights come from initializers and from Constant nodes ({@code value}, {@code value_float(s)},
 *       {@code value_int(s)}), which become initializers; tensor data may be {@code raw_data} or the
 *       typed fields.</li>
 *   <li>The default domain must be at opset {@value #MIN_OPSET} to {@value #MAX_OPSET}; the custom
 *       domain {@value #FRUGAL_DOMAIN} (e.g. {@code ReSPro}) is accepted; other domains are refused.</li>
 *   <li>External data files, subgraphs, sparse and string tensors are refused.</li>
 *   <li>Nodes are sorted topologically (a cycle is an error naming its nodes), then the graph is
 *       validated (dangling names, values produced twice).</li>
 *   <li>Unknown ops are not an import error: {@link OnnxModel#opCensus()} counts them and the compiler
 *       refuses what it cannot run.</li>
 * </ul>
 * Every refusal and every malformed file is an {@link OnnxFormatException} naming the file.
 */
public final class OnnxImporter {
    /** Lowest default-domain opset imported. */
    public static final int MIN_OPSET = 9;
    /** Highest default-domain opset imported. */
    public static final int MAX_OPSET = 17;
    /** Frugal's own operator domain. */
    public static final String FRUGAL_DOMAIN = "io.frugal";

    private final String source;

    private OnnxImporter(String source) {
        this.source = source;
    }

    /**
     * Imports an ONNX file.
     *
     * @throws IOException if the file cannot be read
     * @throws OnnxFormatException if it is not an ONNX model Frugal can import
     */
    public static OnnxModel load(Path file) throws IOException {
        return load(Files.readAllBytes(file), String.valueOf(file.getFileName()));
    }

    /**
     * Imports a serialized ModelProto.
     *
     * @param source a name for messages (usually the file name)
     * @throws OnnxFormatException if the bytes are not an ONNX model Frugal can import
     */
    public static OnnxModel load(byte[] bytes, String source) {
        OnnxMl.ModelProto proto;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(64);
            proto = OnnxMl.ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
        } catch (IOException e) { // InvalidProtocolBufferException: truncated, garbage, bad tags
            throw new OnnxFormatException(source, "not a valid ONNX model (" + bytes.length
                    + " bytes; truncated or not ONNX): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new OnnxFormatException(source, "not a valid ONNX model (" + bytes.length + " bytes): " + e, e);
        }
        return importModel(proto, source);
    }

    /**
     * Converts a parsed ModelProto.
     *
     * @param source a name for messages
     * @throws OnnxFormatException if the model is one Frugal cannot import
     */
    public static OnnxModel importModel(OnnxMl.ModelProto proto, String source) {
        OnnxImporter importer = new OnnxImporter(source);
        try {
            return importer.convert(proto);
        } catch (OnnxFormatException e) {
            throw e;
        } catch (InvalidGraphException e) {
            throw new OnnxFormatException(source, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new OnnxFormatException(source, "malformed ONNX model: " + e, e);
        }
    }

    private OnnxFormatException fail(String message) {
        return new OnnxFormatException(source, message);
    }

    private OnnxModel convert(OnnxMl.ModelProto proto) {
        if (!proto.hasGraph() || proto.getGraph().getNodeCount() == 0) {
            throw fail("not an ONNX model: no graph with nodes (truncated or not ONNX?)");
        }
        if (proto.getIrVersion() < 3 || proto.getIrVersion() > 100) {
            throw fail("not an ONNX model Frugal reads: ir_version " + proto.getIrVersion()
                    + " (expected 3 or later)");
        }
        Map<String, Long> opsets = opsets(proto);
        OnnxMl.GraphProto g = proto.getGraph();
        if (g.getOutputCount() == 0) {
            throw fail("graph '" + g.getName() + "' has no outputs");
        }

        Map<String, ConstantTensor> initializers = new LinkedHashMap<>();
        for (OnnxMl.TensorProto t : g.getInitializerList()) {
            if (t.getName().isEmpty()) {
                throw fail("an initializer has no name");
            }
            if (initializers.put(t.getName(), tensor(t, "initializer '" + t.getName() + "'")) != null) {
                throw fail("duplicate initializer '" + t.getName() + "'");
            }
        }
        if (g.getSparseInitializerCount() > 0) {
            throw fail("sparse initializers are not supported (" + g.getSparseInitializerCount() + " in the graph)");
        }

        List<Value> inputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : g.getInputList()) {
            if (!initializers.containsKey(v.getName())) { // before IR 4 initializers were listed as inputs too
                inputs.add(value(v, "graph input"));
            }
        }
        List<Value> outputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : g.getOutputList()) {
            outputs.add(value(v, "graph output"));
        }
        Map<String, Value> valueInfos = new LinkedHashMap<>();
        for (OnnxMl.ValueInfoProto v : g.getValueInfoList()) {
            if (v.hasType() && v.getType().hasTensorType()) {
                valueInfos.put(v.getName(), value(v, "value_info"));
            }
        }

        Map<String, Integer> census = new TreeMap<>();
        List<Node> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            if (!n.getName().isEmpty()) {
                names.add(n.getName());
            }
        }
        int constants = 0;
        int index = 0;
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            String domain = n.getDomain().equals("ai.onnx") ? "" : n.getDomain();
            census.merge(domain.isEmpty() ? n.getOpType() : domain + ":" + n.getOpType(), 1, Integer::sum);
            String name = n.getName();
            if (name.isEmpty()) {
                name = n.getOpType() + "_" + index;
                while (!names.add(name)) {
                    name = name + "_";
                }
            }
            index++;
            String where = "node '" + name + "' (" + (domain.isEmpty() ? "" : domain + ":") + n.getOpType() + ")";
            if (n.getOpType().isEmpty()) {
                throw fail("node '" + name + "' has no op type");
            }
            if (!opsets.containsKey(domain)) {
                throw fail(where + " uses domain '" + domain + "', which the model does not import"
                        + " (opset_import lists " + opsets.keySet() + ")");
            }
            if (domain.isEmpty() && n.getOpType().equals("Constant")) {
                if (n.getOutputCount() != 1 || n.getOutput(0).isEmpty()) {
                    throw fail(where + " must have exactly one output, has " + n.getOutputList());
                }
                String out = n.getOutput(0);
                if (initializers.put(out, constantValue(n, where)) != null) {
                    throw fail(where + ": output '" + out + "' is also an initializer or another Constant's output");
                }
                constants++;
                continue;
            }
            for (String o : n.getOutputList()) {
                if (o.isEmpty()) {
                    throw fail(where + " has an empty output name (omitted optional outputs are not supported)");
                }
            }
            Map<String, Attribute> attrs = new LinkedHashMap<>();
            for (OnnxMl.AttributeProto a : n.getAttributeList()) {
                if (attrs.put(a.getName(), attribute(a, where)) != null) {
                    throw fail(where + ": duplicate attribute '" + a.getName() + "'");
                }
            }
            nodes.add(new Node(name, n.getOpType(), domain, n.getInputList(), n.getOutputList(), attrs));
        }

        String graphName = g.getName().isEmpty() ? source : g.getName();
        List<Node> sorted = Graph.topologicalSort(graphName, nodes);
        Graph graph = new Graph(graphName, inputs, outputs, sorted, initializers, opsets, valueInfos).validate();
        String producer = (proto.getProducerName() + " " + proto.getProducerVersion()).trim();
        return new OnnxModel(source, graph, proto.getIrVersion(), producer, census, constants);
    }

    private Map<String, Long> opsets(OnnxMl.ModelProto proto) {
        Map<String, Long> opsets = new LinkedHashMap<>();
        for (OnnxMl.OperatorSetIdProto id : proto.getOpsetImportList()) {
            String domain = id.getDomain().equals("ai.onnx") ? "" : id.getDomain();
            long version = id.getVersion();
            if (domain.isEmpty()) {
                if (version < MIN_OPSET || version > MAX_OPSET) {
                    throw fail("opset " + version + " of the default ONNX domain is not supported (Frugal imports opsets "
                            + MIN_OPSET + " to " + MAX_OPSET + "); convert the model with"
                            + " onnx.version_converter.convert_version(model, " + Math.max(MIN_OPSET, Math.min(MAX_OPSET, version)) + ")");
                }
            } else if (!domain.equals(FRUGAL_DOMAIN)) {
                throw fail("operator domain '" + domain + "' (opset " + version + ") is not supported; Frugal imports the"
                        + " default ONNX domain (opsets " + MIN_OPSET + " to " + MAX_OPSET + ") and '" + FRUGAL_DOMAIN + "'");
            }
            if (opsets.put(domain, version) != null) {
                throw fail("domain '" + domain + "' is imported twice in opset_import");
            }
        }
        if (!opsets.containsKey("")) {
            throw fail("no opset for the default ONNX domain in opset_import (truncated or not ONNX?)");
        }
        return opsets;
    }

    private Value value(OnnxMl.ValueInfoProto v, String what) {
        if (v.getName().isEmpty()) {
            throw fail("a " + what + " has no name");
        }
        if (!v.hasType() || !v.getType().hasTensorType()) {
            if (v.hasType() && v.getType().getValueCase() != OnnxMl.TypeProto.ValueCase.VALUE_NOT_SET) {
                throw fail(what + " '" + v.getName() + "' is a " + v.getType().getValueCase()
                        + ", not a tensor; Frugal supports tensors only");
            }
            throw fail(what + " '" + v.getName() + "' has no tensor type");
        }
        OnnxMl.TypeProto.Tensor t = v.getType().getTensorType();
        ElementType type = elementType(t.getElemType(), what + " '" + v.getName() + "'");
        if (!t.hasShape()) {
            return Value.unranked(v.getName(), type);
        }
        int rank = t.getShape().getDimCount();
        long[] dims = new long[rank];
        List<String> dimNames = new ArrayList<>(rank);
        for (int i = 0; i < rank; i++) {
            OnnxMl.TensorShapeProto.Dimension d = t.getShape().getDim(i);
            if (d.hasDimValue() && d.getDimValue() >= 0) {
                dims[i] = d.getDimValue();
                dimNames.add("");
            } else {
                dims[i] = Value.UNKNOWN_DIM;
                dimNames.add(d.hasDimParam() ? d.getDimParam() : "");
            }
        }
        return Value.of(v.getName(), type, dims, dimNames);
    }

    private ElementType elementType(int code, String what) {
        try {
            return ElementType.fromOnnx(code);
        } catch (IllegalArgumentException e) {
            throw fail(what + " has element type code " + code + ", which Frugal does not know");
        }
    }

    private ConstantTensor constantValue(OnnxMl.NodeProto n, String where) {
        if (n.getAttributeCount() != 1) {
            throw fail(where + " must have exactly one value attribute, has " + n.getAttributeCount());
        }
        OnnxMl.AttributeProto a = n.getAttribute(0);
        String what = where + " attribute '" + a.getName() + "'";
        switch (a.getName()) {
            case "value":
                return tensor(a.getT(), what);
            case "value_float":
                return ConstantTensor.ofFloats(new long[0], a.getF());
            case "value_floats": {
                float[] f = new float[a.getFloatsCount()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = a.getFloats(i);
                }
                return ConstantTensor.ofFloats(new long[] {f.length}, f);
            }
            case "value_int":
                return ConstantTensor.ofLongs(new long[0], a.getI());
            case "value_ints": {
                long[] v = new long[a.getIntsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = a.getInts(i);
                }
                return ConstantTensor.ofLongs(new long[] {v.length}, v);
            }
            default:
                throw fail(what + " is not supported (Frugal reads value, value_float(s) and value_int(s))");
        }
    }

    private Attribute attribute(OnnxMl.AttributeProto a, String where) {
        String what = where + " attribute '" + a.getName() + "'";
        OnnxMl.AttributeProto.AttributeType type = a.getType();
        if (type == OnnxMl.AttributeProto.AttributeType.UNDEFINED) {
            type = inferType(a, what); // very old files leave the type out
        }
        switch (type) {
            case FLOAT:
                return Attribute.of(a.getF());
            case INT:
                return Attribute.of(a.getI());
            case STRING:
                return Attribute.of(a.getS().toString(StandardCharsets.UTF_8));
            case TENSOR:
                return Attribute.of(tensor(a.getT(), what));
            case FLOATS: {
                float[] f = new float[a.getFloatsCount()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = a.getFloats(i);
                }
                return Attribute.ofFloats(f);
            }
            case INTS: {
                long[] v = new long[a.getIntsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = a.getInts(i);
                }
                return Attribute.ofInts(v);
            }
            case STRINGS: {
                List<String> s = new ArrayList<>(a.getStringsCount());
                for (ByteString b : a.getStringsList()) {
                    s.add(b.toString(StandardCharsets.UTF_8));
                }
                return Attribute.ofStrings(s);
            }
            case GRAPH:
            case GRAPHS:
                throw fail(what + " is a subgraph; control flow (If, Loop, Scan) is not supported");
            default:
                throw fail(what + " has type " + type + ", which Frugal does not support");
        }
    }

    private OnnxMl.AttributeProto.AttributeType inferType(OnnxMl.AttributeProto a, String what) {
        if (a.hasF()) {
            return OnnxMl.AttributeProto.AttributeType.FLOAT;
        } else if (a.hasI()) {
            return OnnxMl.AttributeProto.AttributeType.INT;
        } else if (a.hasS()) {
            return OnnxMl.AttributeProto.AttributeType.STRING;
        } else if (a.hasT()) {
            return OnnxMl.AttributeProto.AttributeType.TENSOR;
        } else if (a.hasG()) {
            return OnnxMl.AttributeProto.AttributeType.GRAPH;
        } else if (a.getFloatsCount() > 0) {
            return OnnxMl.AttributeProto.AttributeType.FLOATS;
        } else if (a.getIntsCount() > 0) {
            return OnnxMl.AttributeProto.AttributeType.INTS;
        } else if (a.getStringsCount() > 0) {
            return OnnxMl.AttributeProto.AttributeType.STRINGS;
        }
        throw fail(what + " has no type and no value");
    }

    /** A TensorProto's data as a ConstantTensor. */
    ConstantTensor tensor(OnnxMl.TensorProto t, String what) {
        if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            String location = "";
            for (OnnxMl.StringStringEntryProto e : t.getExternalDataList()) {
                if (e.getKey().equals("location")) {
                    location = " (location '" + e.getValue() + "')";
                }
            }
            throw fail(what + " keeps its data in an external file" + location + ": Frugal imports self-contained"
                    + " .onnx files only; save the model with onnx.save_model(model, path,"
                    + " save_as_external_data=False) (models over 2 GB cannot be imported)");
        }
        if (t.hasSegment()) {
            throw fail(what + " is a segment of a tensor; segmented tensors are not supported");
        }
        ElementType type = elementType(t.getDataType(), what);
        if (!type.isFixedSize() || type == ElementType.COMPLEX64 || type == ElementType.COMPLEX128) {
            throw fail(what + " has element type " + type + ", which Frugal does not support in constants");
        }
        long[] shape = new long[t.getDimsCount()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.getDims(i);
            if (shape[i] < 0) {
                throw fail(what + " has a negative dimension in " + t.getDimsList());
            }
        }
        long n;
        try {
            n = ConstantTensor.numElements(shape);
        } catch (IllegalArgumentException e) {
            throw fail(what + ": " + e.getMessage());
        }
        long bytes = n * type.byteSize();
        if (n > Integer.MAX_VALUE / 16) {
            throw fail(what + " of shape " + t.getDimsList() + " is too large (" + n + " elements)");
        }
        if (t.hasRawData()) {
            if (t.getRawData().size() != bytes) {
                throw fail(what + " of type " + type + " and shape " + t.getDimsList() + " needs " + bytes
                        + " bytes of raw_data, has " + t.getRawData().size());
            }
            return ConstantTensor.of(type, shape, t.getRawData().toByteArray());
        }
        ByteBuffer b = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        int count;
        switch (type) {
            case FLOAT:
                count = t.getFloatDataCount();
                requireCount(what, n, count, "float_data");
                for (int i = 0; i < count; i++) {
                    b.putFloat(t.getFloatData(i));
                }
                break;
            case DOUBLE:
                count = t.getDoubleDataCount();
                requireCount(what, n, count, "double_data");
                for (int i = 0; i < count; i++) {
                    b.putDouble(t.getDoubleData(i));
                }
                break;
            case INT64:
                count = t.getInt64DataCount();
                requireCount(what, n, count, "int64_data");
                for (int i = 0; i < count; i++) {
                    b.putLong(t.getInt64Data(i));
                }
                break;
            case UINT32:
                count = t.getUint64DataCount();
                requireCount(what, n, count, "uint64_data");
                for (int i = 0; i < count; i++) {
                    b.putInt((int) t.getUint64Data(i));
                }
                break;
            case UINT64:
                count = t.getUint64DataCount();
                requireCount(what, n, count, "uint64_data");
                for (int i = 0; i < count; i++) {
                    b.putLong(t.getUint64Data(i));
                }
                break;
            case INT32:
                count = t.getInt32DataCount();
                requireCount(what, n, count, "int32_data");
                for (int i = 0; i < count; i++) {
                    b.putInt(t.getInt32Data(i));
                }
                break;
            case INT16:
            case UINT16:
            case FLOAT16:
            case BFLOAT16: // int32_data holds the 16-bit patterns
                count = t.getInt32DataCount();
                requireCount(what, n, count, "int32_data");
                for (int i = 0; i < count; i++) {
                    b.putShort((short) t.getInt32Data(i));
                }
                break;
            case INT8:
            case UINT8:
            case BOOL:
                count = t.getInt32DataCount();
                requireCount(what, n, count, "int32_data");
                for (int i = 0; i < count; i++) {
                    b.put((byte) t.getInt32Data(i));
                }
                break;
            default:
                throw fail(what + " has element type " + type + ", which Frugal does not support in constants");
        }
        return ConstantTensor.of(type, shape, b.array());
    }

    private void requireCount(String what, long expected, int count, String field) {
        if (count != expected) {
            throw fail(what + " has " + count + " values in " + field + " (and no raw_data) for " + expected + " elements");
        }
    }
}
