package io.frugal.runtime;

import io.frugal.DType;
import io.frugal.Layout;
import io.frugal.NativeOp;
import io.frugal.Reorder;
import io.frugal.ReorderParams;
import io.frugal.Tensor;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.ElementType;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.graph.Value;
import io.frugal.plan.Device;
import io.frugal.plan.Plan;
import io.frugal.plan.Precision;
import io.frugal.quant.CalibrationTable;
import io.frugal.quant.TensorRange;
import io.frugal.runtime.lowering.DispatchKey;
import io.frugal.runtime.lowering.Invoker;
import io.frugal.runtime.lowering.Lowering;
import io.frugal.runtime.lowering.LoweringContext;
import io.frugal.runtime.lowering.LoweringException;
import io.frugal.runtime.lowering.LoweringTable;
import io.frugal.runtime.lowering.QuantizedOperand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers an optimized graph node by node through the dispatch table, then plans the activation
 * arena. Used once per {@link CompiledModel#compile}; not thread-safe.
 */
final class ModelCompiler implements LoweringContext {
    /** A value that is another value's memory: target's storage from offset on, under its own shape. */
    record Alias(String target, long offset) {}

    private final Graph graph;
    private final Plan plan;
    private final LoweringTable table;
    private final CalibrationTable calibration;                           // null: no INT8 possible
    private final Map<String, DType> dtypes = new HashMap<>();            // absent: F32
    private final Map<String, QuantizedValue> quantizedForms = new LinkedHashMap<>(); // 8-bit name -> what it stands for
    private final Map<String, String> deferred = new HashMap<>();         // value -> its 8-bit form; f32 written on demand
    private final java.util.Set<String> signBitsOnly = new java.util.HashSet<>(); // values written only as sign bits
    private final Map<String, List<Node>> readers = new HashMap<>();
    private final Map<String, String> views = new HashMap<>();            // a whole-value view -> the value it shows
    private final Map<String, long[]> shapes = new HashMap<>();
    private final Map<String, ConstantTensor> constants = new HashMap<>();
    private final Map<String, ConstantTensor> runtimeConstants = new LinkedHashMap<>();
    private final Map<String, Alias> aliases = new HashMap<>();
    private final Map<String, Layout> layouts = new HashMap<>();          // absent: as ONNX says
    private final Map<String, String> conversions = new HashMap<>();      // "value|layout" -> converted value
    private final java.util.Set<String> acceptedHere = new java.util.HashSet<>(); // asked for by the current lowering
    private final List<String[]> pendingOutputs = new ArrayList<>();      // {written, graph output} to convert after the node
    private final java.util.Set<String> graphOutputs = new java.util.HashSet<>();
    private final List<CompiledStep> steps = new ArrayList<>();
    private final List<Tensor> compileTimeTensors = new ArrayList<>();
    private Node current;
    private Precision currentPrecision;
    private Device currentDevice;
    private int temporaries;

    ModelCompiler(Graph graph, Plan plan, LoweringTable table, CalibrationTable calibration) {
        this.graph = graph;
        this.plan = plan;
        this.table = table;
        this.calibration = calibration;
        for (Node n : graph.nodes()) {
            for (String in : n.inputs()) {
                if (!in.isEmpty()) readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        constants.putAll(graph.initializers());
        for (Map.Entry<String, ConstantTensor> e : constants.entrySet()) shapes.put(e.getKey(), e.getValue().shape());
        for (Value v : graph.valueInfos().values()) {
            if (v.isFullyKnown()) shapes.putIfAbsent(v.name(), v.shape());
        }
        for (Value v : graph.inputs()) {
            if (v.isFullyKnown()) shapes.putIfAbsent(v.name(), v.shape());
        }
        for (Value v : graph.outputs()) graphOutputs.add(v.name());
    }

    /** Lowers every node; on failure closes what it made and rethrows. */
    CompiledModel compile() {
        try {
            List<String> unknown = plan.unknownNodes(nodeNames());
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("the plan names nodes the graph does not have: " + unknown);
            }
            for (Value in : graph.inputs()) {
                if (in.elementType() != ElementType.FLOAT) {
                    throw new LoweringException("input '" + in.name() + "' is " + in.elementType() + "; only FLOAT inputs are supported");
                }
            }
            for (Node n : graph.nodes()) lower(n);
            for (Value out : graph.outputs()) {
                if (!shapes.containsKey(out.name())) throw new LoweringException("output '" + out.name() + "' has no static shape");
            }
            Map<String, long[]> physical = new HashMap<>();
            for (String v : shapes.keySet()) physical.put(v, physicalShape(v));
            return CompiledModel.assemble(graph, plan, steps, aliases, runtimeConstants, physical, dtypes, quantizedForms, views);
        } catch (RuntimeException e) {
            for (CompiledStep s : steps) s.op().close();
            throw e;
        } finally {
            for (Tensor t : compileTimeTensors) t.close();
        }
    }

    private java.util.Set<String> nodeNames() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Node n : graph.nodes()) names.add(n.name());
        return names;
    }

    private static String opName(Node n) {
        return n.domain().isEmpty() ? n.opType() : n.domain() + "." + n.opType();
    }

    private void lower(Node n) {
        current = n;
        Precision asked = plan.precisionOf(n);
        currentPrecision = asked;
        currentDevice = plan.deviceOf(n);
        DispatchKey key = table.resolve(new DispatchKey(opName(n), asked, currentDevice)).orElseThrow(() -> new LoweringException(where()
                + ": no kernel for precision " + asked + " on " + currentDevice + "; "
                + asked + " on " + currentDevice + " serves " + table.operators(asked, currentDevice)));
        currentPrecision = key.precision();
        Lowering lowering = table.find(key).orElseThrow();
        for (String out : n.outputs()) {
            if (!out.isEmpty() && !shapes.containsKey(out)) throw error("output '" + out + "' has no static shape");
        }
        acceptedHere.clear();
        pendingOutputs.clear();
        try {
            lowering.lower(n, this);
            for (String[] p : pendingOutputs) emitConversion(p[0], p[1], Layout.NCHW);
        } catch (LoweringException e) {
            throw e;
        } catch (IllegalArgumentException | io.frugal.FrugalException e) {
            throw new LoweringException(where() + ": " + e.getMessage(), e);
        }
    }

    private String where() {
        return "node '" + current.name() + "' (" + current.opType() + ", opset " + opset() + ")";
    }

    // ------------------------------------------------------------------ LoweringContext

    @Override
    public long opset() {
        return graph.defaultOpset();
    }

    @Override
    public long[] shape(String value) {
        long[] s = shapes.get(value);
        if (s == null) throw error("value '" + value + "' has no static shape");
        return s.clone();
    }

    @Override
    public boolean isConstant(String value) {
        return constants.containsKey(value) || runtimeConstants.containsKey(value);
    }

    @Override
    public ConstantTensor constant(String value) {
        ConstantTensor t = constants.containsKey(value) ? constants.get(value) : runtimeConstants.get(value);
        if (t == null) throw error("value '" + value + "' is not a constant");
        return t;
    }

    @Override
    public Tensor weights(String value) {
        ConstantTensor t = constant(value);
        if (!t.elementType().isFloatingPoint()) throw error("constant '" + value + "' is " + t.elementType() + ", not floating point");
        return weights(t.toFloatArray(), t.shape());
    }

    @Override
    public Tensor weights(float[] data, long... shape) {
        Tensor t = Tensor.fromArray(data, shape);
        compileTimeTensors.add(t);
        return t;
    }

    @Override
    public String runtimeConstant(float[] data, long... shape) {
        String name = fresh("const");
        runtimeConstants.put(name, ConstantTensor.ofFloats(shape, data));
        shapes.put(name, shape.clone());
        return name;
    }

    @Override
    public String temporary(long... shape) {
        String name = fresh("tmp");
        shapes.put(name, shape.clone());
        return name;
    }

    @Override
    public String temporary(DType dtype, long... shape) {
        String name = temporary(shape);
        if (dtype != DType.F32) dtypes.put(name, dtype);
        acceptedHere.add(name);
        return name;
    }

    @Override
    public void fallBack(Node node, Precision precision) {
        DispatchKey key = table.resolve(new DispatchKey(opName(node), precision, currentDevice)).orElseThrow(() -> error(
                "no kernel for precision " + precision + " on " + currentDevice + " to fall back to"));
        currentPrecision = key.precision();
        table.find(key).orElseThrow().lower(node, this);
    }

    @Override
    public String view(String value, long... shape) {
        value = plain(value);
        if (Arrays.equals(shape(value), shape)) return value;
        if (ConstantTensor.numElements(shape(value)) != ConstantTensor.numElements(shape)) {
            throw error("cannot view '" + value + "' " + Arrays.toString(shape(value)) + " as " + Arrays.toString(shape));
        }
        String name = fresh("view");
        shapes.put(name, shape.clone());
        aliases.put(name, new Alias(value, 0));
        views.put(name, value);
        if (dtypes.containsKey(value)) {
            dtypes.put(name, dtypes.get(value));
            acceptedHere.add(name);
        }
        return name;
    }

    @Override
    public void emit(NativeOp op, Invoker invoker, List<String> inputs, List<String> outputs) {
        List<String> bound = new ArrayList<>(inputs.size());
        try {
            for (String in : inputs) bound.add(in.isEmpty() ? in : plain(in));
            inputs = bound;
            for (String in : inputs) {
                if (constants.containsKey(in)) {
                    ConstantTensor c = constants.get(in);
                    if (!c.elementType().isFloatingPoint()) throw error("constant operand '" + in + "' is " + c.elementType());
                    runtimeConstants.putIfAbsent(in, c.elementType() == ElementType.FLOAT ? c
                            : ConstantTensor.ofFloats(c.shape(), c.toFloatArray()));
                } else if (!shapes.containsKey(in)) {
                    throw error("value '" + in + "' has no static shape");
                }
            }
        } catch (RuntimeException e) {
            op.close();
            throw e;
        }
        steps.add(new CompiledStep(current.name(), current.opType(), currentPrecision, currentDevice, op, invoker,
                List.copyOf(inputs), List.copyOf(outputs)));
    }

    @Override
    public void alias(String output, String input, long offsetElements) {
        input = plain(input);
        long[] in = shape(input);
        long[] out = shape(output);
        if (offsetElements < 0 || offsetElements + ConstantTensor.numElements(out) > ConstantTensor.numElements(in)) {
            throw error("view '" + output + "' " + Arrays.toString(out) + " at offset " + offsetElements + " does not fit in '"
                    + input + "' " + Arrays.toString(in));
        }
        if (isConstant(input)) {
            // A view of a constant is itself a constant: no memory is shared with sessions' arenas.
            float[] all = constant(input).toFloatArray();
            float[] part = Arrays.copyOfRange(all, (int) offsetElements, (int) (offsetElements + ConstantTensor.numElements(out)));
            runtimeConstants.put(output, ConstantTensor.ofFloats(out, part));
            return;
        }
        aliases.put(output, new Alias(input, offsetElements));
        if (dtypes.containsKey(input)) dtypes.put(output, dtypes.get(input));
    }

    // ------------------------------------------------------------------ layouts

    @Override
    public Layout layout(String value) {
        return layouts.getOrDefault(value, Layout.NCHW);
    }

    @Override
    public long[] physicalShape(String value) {
        long[] s = shape(value);
        if (layout(value) != Layout.NHWC) return s;
        return new long[] {s[0], s[2], s[3], s[1]};
    }

    @Override
    public String input(String value, Layout want) {
        String v = convert(value, want);
        if (want == Layout.NHWC) acceptedHere.add(v);
        return v;
    }

    @Override
    public String output(String value, Layout layout) {
        if (layout == Layout.NCHW) return value;
        if (shape(value).length != 4) throw error("value '" + value + "' is not rank 4 and cannot be stored " + layout);
        // What the lowering writes in a layout it may also read and view as such.
        if (!graphOutputs.contains(value)) {
            layouts.put(value, layout);
            acceptedHere.add(value);
            return value;
        }
        String written = fresh("nhwc");
        shapes.put(written, shape(value));
        layouts.put(written, layout);
        acceptedHere.add(written);
        pendingOutputs.add(new String[] {written, value});
        return written;
    }

    /** value as ONNX stores it, unless the current lowering asked for it in its stored layout. */
    private String plain(String value) {
        materialize(value);
        if (layout(value) == Layout.NCHW || acceptedHere.contains(value)) return value;
        return convert(value, Layout.NCHW);
    }

    private String convert(String value, Layout want) {
        materialize(value);
        if (isConstant(value) && want == Layout.NCHW) return value;
        if (isConstant(value)) throw error("constant '" + value + "' cannot be asked for in " + want);
        if (layout(value) == want) return value;
        if (shape(value).length != 4) throw error("value '" + value + "' is not rank 4 and cannot be stored " + want);
        String key = value + "|" + want;
        String done = conversions.get(key);
        if (done != null) return done;
        String to = fresh(want == Layout.NHWC ? "nhwc" : "nchw");
        shapes.put(to, shape(value));
        if (want == Layout.NHWC) layouts.put(to, Layout.NHWC);
        emitConversion(value, to, want);
        conversions.put(key, to);
        return to;
    }

    /** Writes value (stored in the other layout) to target in layout: a view when both share memory. */
    private void emitConversion(String value, String target, Layout want) {
        long[] s = shape(value);
        if (s[1] == 1 || s[2] * s[3] == 1) {
            aliases.put(target, new Alias(value, 0));
            return;
        }
        int[] perm = want == Layout.NHWC ? new int[] {0, 2, 3, 1} : new int[] {0, 3, 1, 2};
        Reorder op = Reorder.create(ReorderParams.transpose(physicalShape(value), perm));
        steps.add(new CompiledStep(current.name(), "Reorder(" + layout(value) + "->" + want + ")", currentPrecision,
                currentDevice, op, io.frugal.runtime.lowering.Invoker.UNARY, List.of(value), List.of(target)));
    }

    // ------------------------------------------------------------------ 8-bit values

    @Override
    public QuantizedOperand quantizedInput(String value, Layout want) {
        String key = value + "|q" + want;
        String done = conversions.get(key);
        if (done == null) {
            QuantizedValue form = quantization(value);
            String f32 = input(value, want);
            done = fresh("q");
            shapes.put(done, shape(value));
            if (want == Layout.NHWC) layouts.put(done, Layout.NHWC);
            dtypes.put(done, form.dtype());
            quantizedForms.put(done, form);
            io.frugal.Quantize op = io.frugal.Quantize.create(io.frugal.QuantizeParams.quantize(form.dtype(), form.scale(), physicalShape(f32)));
            steps.add(new CompiledStep(current.name(), "Quantize(" + form.dtype() + ")", Precision.INT8, currentDevice, op,
                    Invoker.UNARY, List.of(f32), List.of(done)));
            conversions.put(key, done);
        }
        acceptedHere.add(done);
        QuantizedValue form = quantizedForms.get(done);
        return new QuantizedOperand(done, form.dtype(), form.scale());
    }

    @Override
    public QuantizedOperand quantizedOutput(String value, Layout want) {
        if (graphOutputs.contains(value) || !everyReaderTakesQuantized(value)) {
            return new QuantizedOperand(output(value, want), DType.F32, 0f);
        }
        if (want != Layout.NCHW && shape(value).length != 4) throw error("value '" + value + "' is not rank 4 and cannot be stored " + want);
        QuantizedValue form = quantization(value);
        String q = fresh("q");
        shapes.put(q, shape(value));
        if (want == Layout.NHWC) {
            layouts.put(q, Layout.NHWC);
            layouts.put(value, Layout.NHWC); // the f32 form, if a reader asks for it, is dequantized alongside
        }
        dtypes.put(q, form.dtype());
        quantizedForms.put(q, form);
        conversions.put(value + "|q" + want, q);
        deferred.put(value, q);
        acceptedHere.add(q);
        return new QuantizedOperand(q, form.dtype(), form.scale());
    }

    /** The value's 8-bit type and scale from the calibration. */
    private QuantizedValue quantization(String value) {
        if (calibration == null) {
            throw error("INT8 needs activation ranges: calibrate the model (io.frugal.quant.Calibrator, or bin/frugal quantize) and compile with the table");
        }
        TensorRange r = calibration.ranges().get(value);
        // A view (Reshape, Flatten, a Slice) is never written by a step of its own: it has the
        // range of the memory it views.
        for (String v = value; r == null && aliases.containsKey(v); ) {
            v = aliases.get(v).target();
            r = calibration.ranges().get(v);
        }
        if (r == null) {
            throw error("the calibration table has no range for value '" + value + "'; it was made for another model or other input shapes");
        }
        return new QuantizedValue(value, r.unsigned() ? DType.U8 : DType.S8, (float) r.scale());
    }

    /** Whether every node reading value runs at a precision whose lowering reads it in 8 bits. */
    private boolean everyReaderTakesQuantized(String value) {
        List<Node> rs = readers.getOrDefault(value, List.of());
        if (rs.isEmpty()) return false;
        for (Node r : rs) {
            if (!r.inputs().get(0).equals(value)) return false;
            java.util.Optional<DispatchKey> k = table.resolve(new DispatchKey(opName(r), plan.precisionOf(r), plan.deviceOf(r)));
            if (k.isEmpty() || !table.readsQuantized(k.get())) return false;
        }
        return true;
    }

    /** Writes the f32 form of a value an int8 step wrote only in 8 bits, the first time a reader wants it. */
    private void materialize(String value) {
        if (signBitsOnly.contains(value)) {
            // signBitsOutput said every reader takes bits: a reader asking for f32 is a table bug.
            throw new IllegalStateException(where() + ": value '" + value + "' was written only as sign bits, but this"
                    + " lowering reads it as f32; its SignBitReader disagrees with its lowering");
        }
        String q = deferred.remove(value);
        if (q == null) return;
        QuantizedValue form = quantizedForms.get(q);
        io.frugal.Quantize op = io.frugal.Quantize.create(io.frugal.QuantizeParams.dequantize(form.dtype(), form.scale(), physicalShape(q)));
        steps.add(new CompiledStep(current.name(), "Dequantize(" + form.dtype() + ")", Precision.INT8, currentDevice, op,
                Invoker.UNARY, List.of(q), List.of(value)));
    }

    @Override
    public LoweringException error(String message) {
        return new LoweringException(current == null ? message : where() + ": " + message);
    }

    private String fresh(String kind) {
        String name;
        do {
            name = "frugal." + kind + "." + temporaries++;
        } while (shapes.containsKey(name));
        return name;
    }

    // ------------------------------------------------------------------ sign bits

    @Override
    public String signBits(String value) {
        String key = value + "|bits";
        String done = conversions.get(key);
        if (done == null) {
            String x = input(value, Layout.NHWC);
            long[] nhwc = physicalShape(x);
            done = fresh("bits");
            shapes.put(done, nhwc);
            dtypes.put(done, DType.BIT);
            io.frugal.BitPack op = io.frugal.BitPack.create(io.frugal.BitPackParams.pack(nhwc));
            steps.add(new CompiledStep(current.name(), "BitPack", currentPrecision, currentDevice, op, Invoker.UNARY, List.of(x),
                    List.of(done)));
            conversions.put(key, done);
        }
        acceptedHere.add(done);
        return done;
    }

    @Override
    public String signBitsOutput(String value) {
        if (graphOutputs.contains(value) || shape(value).length != 4 || !everyReaderTakesSignBits(value)) return null;
        long[] s = shape(value);
        String bits = fresh("bits");
        shapes.put(bits, new long[] {s[0], s[2], s[3], s[1]});
        dtypes.put(bits, DType.BIT);
        conversions.put(value + "|bits", bits);
        signBitsOnly.add(value);
        acceptedHere.add(bits);
        return bits;
    }

    /** Whether every node reading value takes it, as its main input only, in sign bits. */
    private boolean everyReaderTakesSignBits(String value) {
        List<Node> rs = readers.getOrDefault(value, List.of());
        if (rs.isEmpty()) return false;
        for (Node r : rs) {
            if (r.inputs().indexOf(value) != 0 || r.inputs().lastIndexOf(value) != 0) return false;
            java.util.Optional<DispatchKey> k = table.resolve(new DispatchKey(opName(r), plan.precisionOf(r), plan.deviceOf(r)));
            if (k.isEmpty() || !table.readsSignBits(r, k.get(), this)) return false;
        }
        return true;
    }
}
