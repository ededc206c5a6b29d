package io.frugal.onnx;

import io.frugal.graph.Attribute;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.graph.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a graph's default-domain nodes from its opset to a later one (both within
 * {@value OnnxImporter#MIN_OPSET}..{@value OnnxImporter#MAX_OPSET}), so that ops whose signature
 * changed keep their meaning: attributes that became inputs (Clip at 11, Slice at 10, Pad at 11,
 * Squeeze, Unsqueeze, Split and ReduceSum at 13, TopK at 10) become initializers, Softmax,
 * LogSoftmax and Hardmax (2-D coercion before 13, one axis from 13) keep their axis when only
 * ones follow it and are otherwise flattened and reshaped back, Dropout (inference: identity)
 * becomes Identity. Ops whose meaning did not change between these opsets pass unchanged; any
 * other op is refused, naming it, rather than guessed at. HardSwish below opset 14 (what
 * Frugal's HardSwish recognition leaves in older graphs) is written as {@code x * HardSigmoid(x)}.
 */
final class OpsetUpgrade {
    private OpsetUpgrade() {}

    /** Default-domain ops whose meaning is the same at every opset from 9 to 17 (for inference). */
    private static final Set<String> UNCHANGED = Set.of(
            "Abs", "Acos", "Acosh", "Add", "And", "ArgMax", "ArgMin", "Asin", "Asinh", "Atan", "Atanh", "AveragePool",
            "BatchNormalization", "Cast", "Ceil", "Celu", "Concat", "ConstantOfShape", "Conv", "ConvInteger", "ConvTranspose",
            "Cos", "Cosh", "CumSum", "DepthToSpace", "DequantizeLinear", "Div", "Einsum", "Elu", "Equal", "Erf", "Exp",
            "Expand", "Flatten", "Floor", "Gather", "GatherElements", "GatherND", "Gemm", "GlobalAveragePool",
            "GlobalLpPool", "GlobalMaxPool", "Greater", "GreaterOrEqual", "HardSigmoid", "HardSwish", "Identity",
            "InstanceNormalization", "IsInf", "IsNaN", "LRN", "LeakyRelu", "Less", "LessOrEqual", "Log", "LpNormalization",
            "LpPool", "MatMul", "MatMulInteger", "Max", "MaxPool", "Mean", "MeanVarianceNormalization", "Min", "Mod", "Mul",
            "Neg", "NonZero", "Not", "OneHot", "Or", "PRelu", "Pow", "QLinearConv", "QLinearMatMul", "QuantizeLinear",
            "Range", "Reciprocal", "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceMax", "ReduceMean",
            "ReduceMin", "ReduceProd", "ReduceSumSquare", "Relu", "Reshape", "Round", "Selu", "Shape", "Sigmoid", "Sign",
            "Sin", "Sinh", "Size", "Softplus", "Softsign", "SpaceToDepth", "Sqrt", "Sub", "Sum", "Tan", "Tanh", "Tile",
            "Transpose", "Where", "Xor");

    /** Resize is the same from 11 on (its form at 10 differs and is refused). */
    private static final Set<String> UNCHANGED_FROM_11 = Set.of("Resize", "ScatterElements", "ScatterND");

    /**
     * The graph with its default domain at {@code target}: nodes rewritten as above, opset
     * imports updated. The graph itself when nothing changes.
     *
     * @throws IllegalArgumentException for a target below the graph's opset or outside the
     *     supported range, or a node this class cannot carry to the target
     */
    static Graph upgrade(Graph g, long target) {
        long source = g.defaultOpset();
        if (target < OnnxImporter.MIN_OPSET || target > OnnxImporter.MAX_OPSET) {
            throw new IllegalArgumentException("target opset " + target + " is outside " + OnnxImporter.MIN_OPSET + ".."
                    + OnnxImporter.MAX_OPSET);
        }
        if (target < source) {
            throw new IllegalArgumentException("cannot write opset " + target + ": the graph is at opset " + source
                    + " (only upgrades are supported)");
        }
        boolean hardSwish = target < 14 && g.nodes().stream().anyMatch(n -> n.domain().isEmpty() && n.opType().equals("HardSwish"));
        if (target == source && !hardSwish) return g;
        Rewriter r = new Rewriter(g, source, target);
        for (Node n : g.nodes()) r.convert(n);
        Map<String, Long> opsets = new LinkedHashMap<>(g.opsetImports());
        opsets.put("", target);
        return new Graph(g.name(), g.inputs(), g.outputs(), r.nodes, r.inits, opsets, r.infos).validate();
    }

    private static final class Rewriter {
        final Graph g;
        final long source;
        final long target;
        final List<Node> nodes = new ArrayList<>();
        final Map<String, ConstantTensor> inits;
        final Map<String, Value> infos;
        final io.frugal.graph.GraphNames names;

        Rewriter(Graph g, long source, long target) {
            this.g = g;
            this.source = source;
            this.target = target;
            this.inits = new LinkedHashMap<>(g.initializers());
            this.infos = new LinkedHashMap<>(g.valueInfos());
            this.names = new io.frugal.graph.GraphNames(g);
        }

        /** True when the op's signature changes at {@code version} and this upgrade crosses it. */
        boolean crosses(long version) {
            return source < version && target >= version;
        }

        void convert(Node n) {
            if (!n.domain().isEmpty()) {
                nodes.add(n);
                return;
            }
            String op = n.opType();
            if (source == target && !op.equals("HardSwish")) {
                nodes.add(n);
                return;
            }
            switch (op) {
                case "HardSwish" -> {
                    if (target < 14) hardSwish(n);
                    else nodes.add(n);
                }
                case "Softmax", "LogSoftmax", "Hardmax" -> {
                    if (crosses(13)) softmax(n);
                    else nodes.add(n);
                }
                case "Clip" -> {
                    if (crosses(11)) {
                        Map<String, Attribute> attrs = new LinkedHashMap<>(n.attributes());
                        Attribute lo = attrs.remove("min");
                        Attribute hi = attrs.remove("max");
                        List<String> in = new ArrayList<>(List.of(n.inputs().get(0)));
                        in.add(lo == null ? "" : constant(n, "min", ConstantTensor.ofFloats(new long[0], lo.asFloat())));
                        in.add(hi == null ? "" : constant(n, "max", ConstantTensor.ofFloats(new long[0], hi.asFloat())));
                        while (!in.isEmpty() && in.get(in.size() - 1).isEmpty()) in.remove(in.size() - 1);
                        nodes.add(with(n, in, attrs));
                    } else {
                        nodes.add(n);
                    }
                }
                case "Squeeze", "Unsqueeze", "ReduceSum" -> {
                    if (crosses(13)) attributeToInput(n, "axes");
                    else nodes.add(n);
                }
                case "Split" -> {
                    if (crosses(13)) attributeToInput(n, "split");
                    else nodes.add(n);
                }
                case "Slice" -> {
                    if (crosses(10)) {
                        Map<String, Attribute> attrs = new LinkedHashMap<>(n.attributes());
                        Attribute starts = attrs.remove("starts");
                        Attribute ends = attrs.remove("ends");
                        Attribute axes = attrs.remove("axes");
                        if (starts == null || ends == null) throw refuse(n, "has no starts or ends");
                        List<String> in = new ArrayList<>(List.of(n.inputs().get(0),
                                constant(n, "starts", longs(starts.asInts())), constant(n, "ends", longs(ends.asInts()))));
                        if (axes != null) in.add(constant(n, "axes", longs(axes.asInts())));
                        nodes.add(with(n, in, attrs));
                    } else {
                        nodes.add(n);
                    }
                }
                case "Pad" -> {
                    if (crosses(11)) {
                        Map<String, Attribute> attrs = new LinkedHashMap<>(n.attributes());
                        Attribute pads = attrs.remove("pads");
                        Attribute value = attrs.remove("value");
                        if (pads == null) throw refuse(n, "has no pads");
                        List<String> in = new ArrayList<>(List.of(n.inputs().get(0), constant(n, "pads", longs(pads.asInts()))));
                        if (value != null) in.add(constant(n, "value", ConstantTensor.ofFloats(new long[0], value.asFloat())));
                        nodes.add(with(n, in, attrs));
                    } else {
                        nodes.add(n);
                    }
                }
                case "TopK" -> {
                    if (crosses(10)) {
                        Map<String, Attribute> attrs = new LinkedHashMap<>(n.attributes());
                        Attribute k = attrs.remove("k");
                        if (k == null) throw refuse(n, "has no k");
                        nodes.add(with(n, List.of(n.inputs().get(0), constant(n, "k", longs(k.asInt()))), attrs));
                    } else {
                        nodes.add(n);
                    }
                }
                case "Dropout" -> {
                    if (n.outputs().size() > 1) throw refuse(n, "uses its mask output");
                    nodes.add(new Node(n.name(), "Identity", "", List.of(n.inputs().get(0)), n.outputs(), Map.of()));
                }
                default -> {
                    if (UNCHANGED.contains(op) || UNCHANGED_FROM_11.contains(op) && source >= 11) {
                        nodes.add(n);
                    } else {
                        throw refuse(n, "is not supported by Frugal's opset upgrade");
                    }
                }
            }
        }

        /** x * HardSigmoid(x; 1/6, 1/2): HardSwish spelled with opset-6 ops. */
        void hardSwish(Node n) {
            String x = n.inputs().get(0);
            String hs = unique(n.outputs().get(0) + ".hardsigmoid");
            nodes.add(new Node(unique(n.name() + ".hardsigmoid"), "HardSigmoid", "", List.of(x), List.of(hs),
                    Map.of("alpha", Attribute.of(1f / 6f), "beta", Attribute.of(0.5f))));
            nodes.add(new Node(n.name(), "Mul", "", List.of(x, hs), n.outputs(), Map.of()));
        }

        /**
         * Softmax before 13 normalizes over the 2-D view [d0*..*d(axis-1), d(axis)*..]; from 13 over
         * one axis. The same when the input's shape is known and only ones follow the axis; else
         * Flatten, Softmax on axis 1 and a Reshape back to the input's shape (taken by a Shape node).
         */
        void softmax(Node n) {
            String x = n.inputs().get(0);
            long[] shape = shapeOf(x);
            long axis = n.intAttr("axis", 1);
            if (axis < 0) {
                if (shape == null) throw refuse(n, "has a negative axis and an input of unknown rank");
                axis += shape.length;
            }
            boolean trailingOnes = shape != null;
            for (int d = (int) axis + 1; shape != null && d < shape.length; d++) trailingOnes &= shape[d] == 1;
            Map<String, Attribute> attrs = new LinkedHashMap<>(n.attributes());
            if (trailingOnes) {
                attrs.put("axis", Attribute.of(axis));
                nodes.add(with(n, n.inputs(), attrs));
                return;
            }
            String flat = unique(x + ".flat2d");
            String soft = unique(n.outputs().get(0) + ".flat2d");
            String shapeOfX = unique(x + ".shape");
            nodes.add(new Node(unique(n.name() + ".shape"), "Shape", "", List.of(x), List.of(shapeOfX), Map.of()));
            nodes.add(new Node(unique(n.name() + ".flatten"), "Flatten", "", List.of(x), List.of(flat),
                    Map.of("axis", Attribute.of(axis))));
            attrs.put("axis", Attribute.of(1L));
            nodes.add(new Node(n.name(), n.opType(), "", List.of(flat), List.of(soft), attrs));
            nodes.add(new Node(unique(n.name() + ".reshape"), "Reshape", "", List.of(soft, shapeOfX), n.outputs(), Map.of()));
        }

        void attributeToInput(Node n, String key) {
            Map<String, Attribute> attrs = new LinkedHashMap<>(n.attributes());
            Attribute a = attrs.remove(key);
            List<String> in = new ArrayList<>(n.inputs());
            if (a != null) {
                if (in.size() != 1) throw refuse(n, "has " + in.size() + " inputs and a '" + key + "' attribute");
                in.add(constant(n, key, longs(a.asInts())));
            }
            nodes.add(with(n, in, attrs));
        }

        long[] shapeOf(String value) {
            for (Value v : g.inputs()) if (v.name().equals(value)) return v.hasRank() ? v.shape() : null;
            Value v = g.valueInfos().get(value);
            if (v != null && v.hasRank()) return v.shape();
            ConstantTensor t = g.initializers().get(value);
            return t == null ? null : t.shape();
        }

        String constant(Node n, String what, ConstantTensor t) {
            String name = unique(n.name() + "." + what);
            inits.put(name, t);
            return name;
        }

        String unique(String base) {
            return names.unique(base);
        }

        IllegalArgumentException refuse(Node n, String why) {
            return new IllegalArgumentException(n.describe() + " " + why + " (upgrading opset " + source + " to " + target + ")");
        }
    }

    private static Node with(Node n, List<String> inputs, Map<String, Attribute> attrs) {
        return new Node(n.name(), n.opType(), n.domain(), inputs, n.outputs(), attrs);
    }

    private static ConstantTensor longs(long... v) {
        return ConstantTensor.ofLongs(new long[] {v.length}, v);
    }
}
