package io.frugal.runtime;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small hand-made ONNX model built with the protobuf builders: float inputs of fixed shapes,
 * seeded random float weights, integer constants and nodes. Output shapes are left for the runtimes
 * to infer.
 */
final class TinyModel {
    private final int opset;
    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("tiny");
    private final Map<String, long[]> inputs = new LinkedHashMap<>();
    private final List<String> outputs = new ArrayList<>();
    private final SplittableRandom random;
    private int nodes;

    TinyModel(int opset, long seed) {
        this.opset = opset;
        this.random = new SplittableRandom(seed);
    }

    TinyModel(int opset) {
        this(opset, 42);
    }

    TinyModel input(String name, long... shape) {
        inputs.put(name, shape);
        graph.addInput(value(name, shape));
        return this;
    }

    /** A float initializer with values uniform in [lo, hi). */
    TinyModel weight(String name, double lo, double hi, long... shape) {
        int n = 1;
        for (long d : shape) n *= (int) d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (lo + (hi - lo) * random.nextDouble());
        return floats(name, v, shape);
    }

    TinyModel weight(String name, long... shape) {
        return weight(name, -1, 1, shape);
    }

    TinyModel floats(String name, float[] v, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        graph.addInitializer(OnnxMl.TensorProto.newBuilder().setName(name).setDataType(1).addAllDims(boxed(shape))
                .setRawData(ByteString.copyFrom(b.array())));
        return this;
    }

    /** A rank-1 INT64 initializer (shapes, axes, starts). */
    TinyModel longs(String name, long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) b.putLong(x);
        graph.addInitializer(OnnxMl.TensorProto.newBuilder().setName(name).setDataType(7).addDims(v.length)
                .setRawData(ByteString.copyFrom(b.array())));
        return this;
    }

    /** Adds a node; attributes are pairs of name and value (Long, Float, String, long[], float[]). */
    TinyModel node(String op, List<String> in, List<String> out, Object... attrs) {
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setName(op.toLowerCase() + "_" + nodes++).setOpType(op)
                .addAllInput(in).addAllOutput(out);
        for (int i = 0; i < attrs.length; i += 2) n.addAttribute(attr((String) attrs[i], attrs[i + 1]));
        graph.addNode(n);
        return this;
    }

    TinyModel output(String name) {
        outputs.add(name);
        graph.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(1))));
        return this;
    }

    Map<String, long[]> inputShapes() {
        return inputs;
    }

    byte[] bytes() {
        return OnnxMl.ModelProto.newBuilder().setIrVersion(opset >= 15 ? 8 : 7).setProducerName("frugal-test").setGraph(graph)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build().toByteArray();
    }

    private static AttributeProto attr(String name, Object v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (v instanceof Integer i) {
            a.setType(AttributeType.INT).setI(i);
        } else if (v instanceof Long l) {
            a.setType(AttributeType.INT).setI(l);
        } else if (v instanceof Float f) {
            a.setType(AttributeType.FLOAT).setF(f);
        } else if (v instanceof String s) {
            a.setType(AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else if (v instanceof long[] ls) {
            a.setType(AttributeType.INTS).addAllInts(boxed(ls));
        } else if (v instanceof float[] fs) {
            a.setType(AttributeType.FLOATS);
            for (float f : fs) a.addFloats(f);
        } else {
            throw new IllegalArgumentException("attribute " + name + ": unsupported value " + v);
        }
        return a.build();
    }

    private static OnnxMl.ValueInfoProto value(String name, long[] shape) {
        OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : shape) s.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    private static List<Long> boxed(long[] v) {
        List<Long> out = new ArrayList<>();
        for (long x : v) out.add(x);
        return out;
    }
}
