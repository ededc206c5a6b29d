package io.frugal.passes;

import io.frugal.graph.Attribute;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.ElementType;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.graph.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Element type and static shape of every value, given concrete shapes of the graph inputs. Unknown
 * input dimensions are bound by symbolic name ({@code "N" -> 4}) or by whole input shapes; any that
 * stays unknown is an error. Small integer values (shape arithmetic) are propagated so Reshape,
 * Slice, Resize and friends get static shapes. Results go to {@link Graph#valueInfos()}, the graph
 * inputs and outputs. An op it cannot infer is a {@link PassException} naming node, op and opset.
 */
public final class ShapeInference implements GraphPass {
    /** Largest value (in elements) propagated for shape arithmetic. */
    static final long MAX_PROPAGATED = 4096;

    /** What is known of one value: type, static shape, and its data when constant and small. */
    record Info(ElementType type, long[] shape, ConstantTensor value) {
        Info {
            shape = shape.clone();
        }

        /** A copy: rules may edit what they get. */
        @Override
        public long[] shape() {
            return shape.clone();
        }
    }

    private final Map<String, Long> dims;
    private final Map<String, long[]> inputShapes;

    /**
     * @param dims values of symbolic dimension names (e.g. {@code N -> 1})
     * @param inputShapes whole shapes of graph inputs by name (take precedence over {@code dims})
     */
    public ShapeInference(Map<String, Long> dims, Map<String, long[]> inputShapes) {
        this.dims = Map.copyOf(dims);
        this.inputShapes = new HashMap<>();
        inputShapes.forEach((k, v) -> this.inputShapes.put(k, v.clone()));
    }

    /** Binds every input's unknown dimensions from {@code inputShapes} only. */
    public static ShapeInference withInputShapes(Map<String, long[]> inputShapes) {
        return new ShapeInference(Map.of(), inputShapes);
    }

    /** For graphs whose input shapes are already fully known. */
    public static ShapeInference staticInputs() {
        return new ShapeInference(Map.of(), Map.of());
    }

    @Override
    public String name() {
        return "ShapeInference";
    }

    @Override
    public Result apply(Graph g) {
        long opset = g.defaultOpset();
        Map<String, Info> known = new HashMap<>();
        List<Value> inputs = new ArrayList<>();
        for (Value v : g.inputs()) {
            long[] s = bind(v);
            inputs.add(Value.of(v.name(), v.elementType(), s));
            known.put(v.name(), new Info(v.elementType(), s, null));
        }
        for (Map.Entry<String, ConstantTensor> e : g.initializers().entrySet()) {
            ConstantTensor t = e.getValue();
            known.put(e.getKey(), new Info(t.elementType(), t.shape(), t));
        }
        Map<String, Value> infos = new LinkedHashMap<>();
        int inferred = 0;
        for (Node n : g.nodes()) {
            List<Info> ins = new ArrayList<>();
            for (String in : n.inputs()) {
                if (in.isEmpty()) {
                    ins.add(null);
                } else {
                    Info i = known.get(in);
                    if (i == null) {
                        throw new PassException(name(), n, opset, "input '" + in + "' has no known shape");
                    }
                    ins.add(i);
                }
            }
            List<Info> outs = inferNode(n, opset, ins, MAX_PROPAGATED);
            for (int k = 0; k < n.outputs().size() && k < outs.size(); k++) {
                Info o = outs.get(k);
                known.put(n.outputs().get(k), o);
                infos.put(n.outputs().get(k), Value.of(n.outputs().get(k), o.type(), o.shape()));
                inferred++;
            }
        }
        List<Value> outputs = new ArrayList<>();
        for (Value v : g.outputs()) {
            Info i = known.get(v.name());
            if (i == null) {
                throw new PassException(name() + ": graph output '" + v.name() + "' is produced by nothing");
            }
            outputs.add(Value.of(v.name(), i.type(), i.shape()));
        }
        Graph out = new Graph(g.name(), inputs, outputs, g.nodes(), g.initializers(), g.opsetImports(), infos);
        return new Result(out, inferred, inferred + " values with static shapes");
    }

    private long[] bind(Value v) {
        long[] given = inputShapes.get(v.name());
        if (given != null) {
            if (v.hasRank() && given.length != v.rank()) {
                throw new PassException(name() + ": input '" + v.name() + "' has rank " + v.rank() + ", bound to "
                        + Arrays.toString(given));
            }
            if (v.hasRank()) {
                long[] s = v.shape();
                for (int i = 0; i < s.length; i++) {
                    if (s[i] != Value.UNKNOWN_DIM && s[i] != given[i]) {
                        throw new PassException(name() + ": input '" + v.name() + "' is " + v.shapeString()
                                + ", bound to " + Arrays.toString(given));
                    }
                }
            }
            return given.clone();
        }
        if (!v.hasRank()) {
            throw new PassException(name() + ": input '" + v.name() + "' has unknown rank; bind its shape");
        }
        long[] s = v.shape();
        for (int i = 0; i < s.length; i++) {
            if (s[i] == Value.UNKNOWN_DIM) {
                Long d = dims.get(v.dimNames().get(i));
                if (d == null) {
                    throw new PassException(name() + ": input '" + v.name() + "' " + v.shapeString() + ": dimension "
                            + i + " is unknown; bind it by name or give the input's shape");
                }
                s[i] = d;
            }
        }
        return s;
    }

    // ---------------------------------------------------------------- per-node rules

    private static final Set<String> SAME_SHAPE = Set.of("Relu", "Sigmoid", "Tanh", "HardSigmoid", "HardSwish",
            "LeakyRelu", "Clip", "Sqrt", "Exp", "Log", "Abs", "Neg", "Erf", "Identity", "Softmax", "LogSoftmax",
            "Floor", "Ceil", "Reciprocal", "Not", "Elu", "Selu", "Softplus", "Softsign", "Round", "Sign",
            "BatchNormalization", "InstanceNormalization", "LayerNormalization", "Dropout", "LRN", "PRelu", "Sin", "Cos",
            "Mish", "Gelu");
    private static final Set<String> BROADCAST = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum",
            "Mean", "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor", "Mod");
    private static final Set<String> COMPARE = Set.of("Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual",
            "And", "Or", "Xor", "Not");

    /** Output infos of one node (one per output). {@code ins} holds null for omitted inputs. */
    static List<Info> inferNode(Node n, long opset, List<Info> ins, long maxValue) {
        if (!n.domain().isEmpty() && !n.domain().equals("ai.onnx")) {
            throw new PassException("ShapeInference", n, opset, "no shape rule for domain '" + n.domain() + "'");
        }
        String op = n.opType();
        Info x = ins.isEmpty() ? null : ins.get(0);
        ElementType t = x == null ? ElementType.FLOAT : x.type();
        long[] s;
        try {
            if (SAME_SHAPE.contains(op)) {
                s = x.shape();
                if (op.equals("Not")) {
                    t = ElementType.BOOL;
                }
            } else if (BROADCAST.contains(op)) {
                s = x.shape();
                for (int k = 1; k < ins.size(); k++) {
                    s = broadcast(n, opset, s, ins.get(k).shape());
                }
                if (COMPARE.contains(op)) {
                    t = ElementType.BOOL;
                }
            } else {
                switch (op) {
                    case "Where":
                        s = broadcast(n, opset, broadcast(n, opset, x.shape(), ins.get(1).shape()), ins.get(2).shape());
                        t = ins.get(1).type();
                        break;
                    case "Cast":
                        t = ElementType.fromOnnx((int) n.intAttr("to", 1));
                        s = x.shape();
                        break;
                    case "Conv":
                        s = conv(n, opset, x.shape(), ins.get(1).shape(), false);
                        break;
                    case "ConvTranspose":
                        s = conv(n, opset, x.shape(), ins.get(1).shape(), true);
                        break;
                    case "MaxPool":
                    case "AveragePool":
                        s = conv(n, opset, x.shape(), null, false);
                        break;
                    case "GlobalAveragePool":
                    case "GlobalMaxPool": {
                        s = x.shape();
                        for (int i = 2; i < s.length; i++) {
                            s[i] = 1;
                        }
                        break;
                    }
                    case "Flatten": {
                        long[] xs = x.shape();
                        int axis = (int) normAxis(n, opset, n.intAttr("axis", 1), xs.length + 1);
                        long a = 1;
                        long b = 1;
                        for (int i = 0; i < xs.length; i++) {
                            if (i < axis) {
                                a *= xs[i];
                            } else {
                                b *= xs[i];
                            }
                        }
                        s = new long[] {a, b};
                        break;
                    }
                    case "Reshape":
                        s = reshape(n, opset, x.shape(), opset >= 5 ? longs(n, opset, ins, 1, "shape")
                                : n.intsAttr("shape", null), n.intAttr("allowzero", 0) != 0);
                        break;
                    case "Transpose": {
                        long[] xs = x.shape();
                        long[] perm = n.intsAttr("perm", null);
                        s = new long[xs.length];
                        for (int i = 0; i < xs.length; i++) {
                            s[i] = xs[perm == null ? xs.length - 1 - i : (int) perm[i]];
                        }
                        break;
                    }
                    case "Gemm": {
                        long[] a = x.shape();
                        long[] b = ins.get(1).shape();
                        boolean ta = n.intAttr("transA", 0) != 0;
                        boolean tb = n.intAttr("transB", 0) != 0;
                        s = new long[] {ta ? a[1] : a[0], tb ? b[0] : b[1]};
                        break;
                    }
                    case "MatMul":
                        s = matmul(n, opset, x.shape(), ins.get(1).shape());
                        break;
                    case "Squeeze": {
                        long[] xs = x.shape();
                        long[] axes = opset >= 13 ? (ins.size() > 1 && ins.get(1) != null ? longs(n, opset, ins, 1, "axes") : null)
                                : n.intsAttr("axes", null);
                        boolean[] drop = new boolean[xs.length];
                        if (axes == null) {
                            for (int i = 0; i < xs.length; i++) {
                                drop[i] = xs[i] == 1;
                            }
                        } else {
                            for (long a : axes) {
                                int i = (int) normAxis(n, opset, a, xs.length);
                                if (xs[i] != 1) {
                                    throw new PassException("ShapeInference", n, opset, "squeezing dimension " + i
                                            + " of size " + xs[i]);
                                }
                                drop[i] = true;
                            }
                        }
                        List<Long> r = new ArrayList<>();
                        for (int i = 0; i < xs.length; i++) {
                            if (!drop[i]) {
                                r.add(xs[i]);
                            }
                        }
                        s = r.stream().mapToLong(Long::longValue).toArray();
                        break;
                    }
                    case "Unsqueeze": {
                        long[] xs = x.shape();
                        long[] axes = opset >= 13 ? longs(n, opset, ins, 1, "axes") : n.intsAttr("axes", null);
                        if (axes == null) {
                            throw new PassException("ShapeInference", n, opset, "no axes");
                        }
                        int rank = xs.length + axes.length;
                        boolean[] ins1 = new boolean[rank];
                        for (long a : axes) {
                            ins1[(int) normAxis(n, opset, a, rank)] = true;
                        }
                        s = new long[rank];
                        for (int i = 0, j = 0; i < rank; i++) {
                            s[i] = ins1[i] ? 1 : xs[j++];
                        }
                        break;
                    }
                    case "Shape": {
                        long[] xs = x.shape();
                        int start = 0;
                        int end = xs.length;
                        if (opset >= 15) {
                            start = (int) clampAxis(n.intAttr("start", 0), xs.length);
                            end = (int) clampAxis(n.intAttr("end", xs.length), xs.length);
                        }
                        long[] v = Arrays.copyOfRange(xs, start, Math.max(start, end));
                        return List.of(new Info(ElementType.INT64, new long[] {v.length}, ConstantTensor.ofLongs(
                                new long[] {v.length}, v)));
                    }
                    case "Size":
                        return List.of(new Info(ElementType.INT64, new long[0], ConstantTensor.ofLongs(new long[0],
                                ConstantTensor.numElements(x.shape()))));
                    case "Gather": {
                        long[] xs = x.shape();
                        long[] is = ins.get(1).shape();
                        int axis = (int) normAxis(n, opset, n.intAttr("axis", 0), xs.length);
                        long[] r = new long[xs.length - 1 + is.length];
                        int p = 0;
                        for (int i = 0; i < axis; i++) {
                            r[p++] = xs[i];
                        }
                        for (long d : is) {
                            r[p++] = d;
                        }
                        for (int i = axis + 1; i < xs.length; i++) {
                            r[p++] = xs[i];
                        }
                        s = r;
                        break;
                    }
                    case "Slice": {
                        long[] xs = x.shape();
                        List<ConstantTensor> vals = new ArrayList<>();
                        for (int k = 0; k < ins.size(); k++) {
                            vals.add(ins.get(k) == null ? null : k == 0 ? null : requireValue(n, opset, ins.get(k), "slice parameter " + k));
                        }
                        long[][] p = sliceParams(n, opset, xs, vals);
                        s = p[2];
                        break;
                    }
                    case "Concat": {
                        long[] first = null;
                        int axis = 0;
                        for (Info i : ins) {
                            if (i == null) {
                                continue;
                            }
                            if (first == null) {
                                first = i.shape();
                                axis = (int) normAxis(n, opset, n.intAttr("axis", 0), first.length);
                            } else {
                                long[] o = i.shape();
                                if (o.length != first.length) {
                                    throw new PassException("ShapeInference", n, opset, "rank mismatch "
                                            + Arrays.toString(first) + " vs " + Arrays.toString(o));
                                }
                                first[axis] += o[axis];
                            }
                        }
                        s = first;
                        break;
                    }
                    case "Split": {
                        long[] xs = x.shape();
                        int axis = (int) normAxis(n, opset, n.intAttr("axis", 0), xs.length);
                        long[] split = opset >= 13 ? (ins.size() > 1 && ins.get(1) != null ? longs(n, opset, ins, 1, "split") : null)
                                : n.intsAttr("split", null);
                        int k = n.outputs().size();
                        List<Info> r = new ArrayList<>();
                        for (int i = 0; i < k; i++) {
                            long[] o = xs.clone();
                            o[axis] = split != null ? split[i] : xs[axis] / k;
                            r.add(new Info(t, o, null));
                        }
                        return r;
                    }
                    case "Resize":
                    case "Upsample":
                        s = resize(n, opset, x.shape(), ins);
                        break;
                    case "ReduceMean": case "ReduceSum": case "ReduceMax": case "ReduceMin": case "ReduceProd":
                    case "ReduceL2": case "ReduceL1": case "ReduceSumSquare": case "ReduceLogSumExp": {
                        long[] xs = x.shape();
                        boolean axesInput = op.equals("ReduceSum") ? opset >= 13 : opset >= 18;
                        long[] axes = axesInput ? (ins.size() > 1 && ins.get(1) != null ? longs(n, opset, ins, 1, "axes") : null)
                                : n.intsAttr("axes", null);
                        boolean keep = n.intAttr("keepdims", 1) != 0;
                        boolean[] red = new boolean[xs.length];
                        if (axes == null || axes.length == 0) {
                            Arrays.fill(red, true);
                        } else {
                            for (long a : axes) {
                                red[(int) normAxis(n, opset, a, xs.length)] = true;
                            }
                        }
                        List<Long> r = new ArrayList<>();
                        for (int i = 0; i < xs.length; i++) {
                            if (!red[i]) {
                                r.add(xs[i]);
                            } else if (keep) {
                                r.add(1L);
                            }
                        }
                        s = r.stream().mapToLong(Long::longValue).toArray();
                        break;
                    }
                    case "ArgMax":
                    case "ArgMin": {
                        s = x.shape();
                        int axis = (int) normAxis(n, opset, n.intAttr("axis", 0), s.length);
                        if (n.intAttr("keepdims", 1) != 0) {
                            s[axis] = 1;
                        } else {
                            long[] r = new long[s.length - 1];
                            for (int i = 0, j = 0; i < s.length; i++) {
                                if (i != axis) {
                                    r[j++] = s[i];
                                }
                            }
                            s = r;
                        }
                        t = ElementType.INT64;
                        break;
                    }
                    case "Pad": {
                        long[] xs = x.shape();
                        long[] pads = opset >= 11 ? longs(n, opset, ins, 1, "pads") : n.intsAttr("pads", null);
                        s = xs.clone();
                        for (int i = 0; i < xs.length; i++) {
                            s[i] += pads[i] + pads[i + xs.length];
                        }
                        break;
                    }
                    case "Expand":
                        s = broadcast(n, opset, x.shape(), longs(n, opset, ins, 1, "shape"));
                        break;
                    case "Tile": {
                        long[] rep = longs(n, opset, ins, 1, "repeats");
                        s = x.shape();
                        for (int i = 0; i < s.length; i++) {
                            s[i] *= rep[i];
                        }
                        break;
                    }
                    case "ConstantOfShape":
                        s = longs(n, opset, ins, 0, "shape");
                        t = n.attribute("value").map(a -> a.asTensor().elementType()).orElse(ElementType.FLOAT);
                        break;
                    case "Range": {
                        ConstantTensor st = requireValue(n, opset, ins.get(0), "start");
                        ConstantTensor li = requireValue(n, opset, ins.get(1), "limit");
                        ConstantTensor de = requireValue(n, opset, ins.get(2), "delta");
                        double len = Math.ceil((li.floatAt(0) - (double) st.floatAt(0)) / de.floatAt(0));
                        if (t != ElementType.FLOAT) {
                            len = Math.ceil((double) (li.longAt(0) - st.longAt(0)) / de.longAt(0));
                        }
                        s = new long[] {Math.max(0, (long) len)};
                        break;
                    }
                    case "Constant": {
                        Attribute a = n.attribute("value").orElseThrow(() -> new PassException("ShapeInference", n, opset,
                                "Constant without a tensor value"));
                        ConstantTensor v = a.asTensor();
                        return List.of(new Info(v.elementType(), v.shape(), v));
                    }
                    default:
                        throw new PassException("ShapeInference", n, opset, "no shape rule for op " + op);
                }
            }
        } catch (PassException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PassException("ShapeInference", n, opset, "cannot infer: " + e);
        }
        for (long d : s) {
            if (d < 0) {
                throw new PassException("ShapeInference", n, opset, "inferred negative dimension " + Arrays.toString(s));
            }
        }
        ConstantTensor value = null;
        if (ConstantTensor.numElements(s) <= maxValue && ConstEval.OPS.contains(n.opType())) {
            List<ConstantTensor> vals = new ArrayList<>();
            boolean all = true;
            for (Info i : ins) {
                if (i != null && i.value() == null) {
                    all = false;
                }
                vals.add(i == null ? null : i.value());
            }
            if (all && !ins.isEmpty()) {
                value = ConstEval.eval(n, opset, vals, t, s);
            }
        }
        List<Info> r = new ArrayList<>();
        r.add(new Info(t, s, value));
        for (int k = 1; k < n.outputs().size(); k++) {
            if (op.equals("Dropout")) {
                r.add(new Info(ElementType.BOOL, s, null));
            } else if (op.equals("BatchNormalization")) {
                r.add(new Info(t, new long[] {s[1]}, null));
            } else {
                throw new PassException("ShapeInference", n, opset, "no shape rule for output " + k);
            }
        }
        return r;
    }

    private static ConstantTensor requireValue(Node n, long opset, Info i, String what) {
        if (i.value() == null) {
            throw new PassException("ShapeInference", n, opset, what + " is not a constant");
        }
        return i.value();
    }

    private static long[] longs(Node n, long opset, List<Info> ins, int k, String what) {
        if (ins.size() <= k || ins.get(k) == null) {
            return null;
        }
        return requireValue(n, opset, ins.get(k), what).toLongArray();
    }

    static long normAxis(Node n, long opset, long a, int rank) {
        long r = a < 0 ? a + rank : a;
        if (r < 0 || r >= rank) {
            throw new PassException("ShapeInference", n, opset, "axis " + a + " out of range for rank " + rank);
        }
        return r;
    }

    private static long clampAxis(long a, int rank) {
        long r = a < 0 ? a + rank : a;
        return Math.max(0, Math.min(rank, r));
    }

    /** Numpy-style broadcast of two shapes. */
    static long[] broadcast(Node n, long opset, long[] a, long[] b) {
        int r = Math.max(a.length, b.length);
        long[] s = new long[r];
        for (int i = 0; i < r; i++) {
            long x = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            long y = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            if (x != y && x != 1 && y != 1) {
                throw new PassException("ShapeInference", n, opset, "cannot broadcast " + Arrays.toString(a) + " with "
                        + Arrays.toString(b));
            }
            s[i] = x == 1 ? y : x;
        }
        return s;
    }

    private static long[] matmul(Node n, long opset, long[] a, long[] b) {
        long[] a2 = a.length == 1 ? new long[] {1, a[0]} : a;
        long[] b2 = b.length == 1 ? new long[] {b[0], 1} : b;
        if (a2[a2.length - 1] != b2[b2.length - 2]) {
            throw new PassException("ShapeInference", n, opset, "inner dimensions differ: " + Arrays.toString(a) + " x "
                    + Arrays.toString(b));
        }
        long[] batch = broadcast(n, opset, Arrays.copyOf(a2, a2.length - 2), Arrays.copyOf(b2, b2.length - 2));
        List<Long> r = new ArrayList<>();
        for (long d : batch) {
            r.add(d);
        }
        if (a.length != 1) {
            r.add(a2[a2.length - 2]);
        }
        if (b.length != 1) {
            r.add(b2[b2.length - 1]);
        }
        return r.stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] reshape(Node n, long opset, long[] xs, long[] shape, boolean allowZero) {
        if (shape == null) {
            throw new PassException("ShapeInference", n, opset, "no target shape");
        }
        long[] s = shape.clone();
        int minus = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == 0 && !allowZero) {
                s[i] = xs[i];
            }
            if (s[i] == -1) {
                if (minus >= 0) {
                    throw new PassException("ShapeInference", n, opset, "two -1 in " + Arrays.toString(shape));
                }
                minus = i;
            } else {
                known *= s[i];
            }
        }
        long total = ConstantTensor.numElements(xs);
        if (minus >= 0) {
            s[minus] = known == 0 ? 0 : total / known;
        }
        if (ConstantTensor.numElements(s) != total) {
            throw new PassException("ShapeInference", n, opset, "cannot reshape " + Arrays.toString(xs) + " to "
                    + Arrays.toString(shape));
        }
        return s;
    }

    /** Conv, ConvTranspose (transposed) and pooling (w == null) output shapes. */
    private static long[] conv(Node n, long opset, long[] xs, long[] w, boolean transposed) {
        int sp = xs.length - 2;
        long[] k = n.intsAttr("kernel_shape", null);
        if (k == null) {
            k = Arrays.copyOfRange(w, 2, w.length);
        }
        long[] strides = n.intsAttr("strides", ones(sp));
        long[] dil = n.intsAttr("dilations", ones(sp));
        long[] pads = n.intsAttr("pads", new long[2 * sp]);
        String autoPad = n.stringAttr("auto_pad", "NOTSET");
        boolean ceil = n.intAttr("ceil_mode", 0) != 0;
        long[] s = new long[xs.length];
        s[0] = xs[0];
        if (w == null) {
            s[1] = xs[1];
        } else if (transposed) {
            s[1] = w[1] * n.intAttr("group", 1);
        } else {
            s[1] = w[0];
            if (xs[1] != w[1] * n.intAttr("group", 1)) {
                throw new PassException("ShapeInference", n, opset, "input channels " + xs[1] + " != weight "
                        + Arrays.toString(w) + " x group " + n.intAttr("group", 1));
            }
        }
        long[] outShape = transposed ? n.intsAttr("output_shape", null) : null;
        long[] outPad = transposed ? n.intsAttr("output_padding", new long[sp]) : null;
        for (int i = 0; i < sp; i++) {
            long in = xs[i + 2];
            long ek = (k[i] - 1) * dil[i] + 1;
            long o;
            if (transposed) {
                if (outShape != null) {
                    o = outShape[outShape.length - sp + i];
                } else if (autoPad.startsWith("SAME")) {
                    o = in * strides[i];
                } else {
                    long pb = autoPad.equals("VALID") ? 0 : pads[i];
                    long pe = autoPad.equals("VALID") ? 0 : pads[i + sp];
                    o = strides[i] * (in - 1) + outPad[i] + ek - pb - pe;
                }
            } else if (autoPad.equals("SAME_UPPER") || autoPad.equals("SAME_LOWER")) {
                o = (in + strides[i] - 1) / strides[i];
            } else if (autoPad.equals("VALID")) {
                o = (in - ek) / strides[i] + 1;
            } else if (!autoPad.equals("NOTSET")) {
                throw new PassException("ShapeInference", n, opset, "unknown auto_pad " + autoPad);
            } else {
                long span = in + pads[i] + pads[i + sp] - ek;
                if (ceil) {
                    o = Math.floorDiv(span + strides[i] - 1, strides[i]) + 1;
                    if ((o - 1) * strides[i] >= in + pads[i]) {
                        o--;
                    }
                } else {
                    o = Math.floorDiv(span, strides[i]) + 1;
                }
            }
            s[i + 2] = o;
        }
        return s;
    }

    private static long[] resize(Node n, long opset, long[] xs, List<Info> ins) {
        long[] sizes = null;
        float[] scales = null;
        if (n.opType().equals("Upsample") && opset < 9) {
            scales = n.attribute("scales").map(Attribute::asFloats).orElse(null);
        } else if (n.opType().equals("Upsample") || opset < 11) {
            scales = requireValue(n, opset, ins.get(1), "scales").toFloatArray();
        } else {
            if (ins.size() > 3 && ins.get(3) != null && ins.get(3).shape()[0] > 0) {
                sizes = requireValue(n, opset, ins.get(3), "sizes").toLongArray();
            } else if (ins.size() > 2 && ins.get(2) != null) {
                scales = requireValue(n, opset, ins.get(2), "scales").toFloatArray();
            }
        }
        if (sizes != null) {
            if (sizes.length != xs.length) {
                throw new PassException("ShapeInference", n, opset, "sizes " + Arrays.toString(sizes) + " for rank " + xs.length);
            }
            return sizes;
        }
        if (scales == null || scales.length != xs.length) {
            throw new PassException("ShapeInference", n, opset, "needs scales or sizes of rank " + xs.length);
        }
        long[] s = new long[xs.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (long) Math.floor(xs[i] * (double) scales[i]);
        }
        return s;
    }

    /**
     * Slice parameters for data of shape {@code xs}: per dimension the start, the step, and the
     * output shape ({starts, steps, outShape}). {@code vals} holds the constant inputs (opset >= 10).
     */
    static long[][] sliceParams(Node n, long opset, long[] xs, List<ConstantTensor> vals) {
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps = null;
        if (opset < 10) {
            starts = n.intsAttr("starts", null);
            ends = n.intsAttr("ends", null);
            axes = n.intsAttr("axes", null);
        } else {
            starts = vals.get(1).toLongArray();
            ends = vals.get(2).toLongArray();
            axes = vals.size() > 3 && vals.get(3) != null ? vals.get(3).toLongArray() : null;
            steps = vals.size() > 4 && vals.get(4) != null ? vals.get(4).toLongArray() : null;
        }
        long[] st = new long[xs.length];
        long[] sp = ones(xs.length);
        long[] out = xs.clone();
        for (int j = 0; j < starts.length; j++) {
            int ax = (int) normAxis(n, opset, axes == null ? j : axes[j], xs.length);
            long d = xs[ax];
            long step = steps == null ? 1 : steps[j];
            if (step == 0) {
                throw new PassException("ShapeInference", n, opset, "slice step 0");
            }
            long b = starts[j];
            long e = ends[j];
            if (b < 0) {
                b += d;
            }
            if (e < 0) {
                e += d;
            }
            long len;
            if (step > 0) {
                b = Math.max(0, Math.min(d, b));
                e = Math.max(0, Math.min(d, e));
                len = e > b ? (e - b + step - 1) / step : 0;
            } else {
                b = Math.max(0, Math.min(d - 1, b));
                e = Math.max(-1, Math.min(d - 1, e));
                len = b > e ? (b - e + (-step) - 1) / (-step) : 0;
            }
            st[ax] = b;
            sp[ax] = step;
            out[ax] = len;
        }
        return new long[][] {st, sp, out};
    }

    private static long[] ones(int n) {
        long[] r = new long[n];
        Arrays.fill(r, 1);
        return r;
    }
}
