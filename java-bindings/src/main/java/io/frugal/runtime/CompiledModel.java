package io.frugal.runtime;

import io.frugal.DType;
import io.frugal.Tensor;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.Graph;
import io.frugal.graph.MacCount;
import io.frugal.graph.Value;
import io.frugal.passes.Passes;
import io.frugal.passes.ShapeInference;
import io.frugal.plan.Plan;
import io.frugal.quant.CalibrationTable;
import io.frugal.runtime.lowering.LoweringTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A graph compiled for fixed input shapes and a {@link Plan}: the optimized graph, one native
 * operator per step with its weights packed, and the activation arena's layout. Immutable and safe
 * to share across threads; each thread runs its own {@link Session}.
 *
 * <pre>{@code
 * OnnxModel onnx = OnnxImporter.load(path);
 * try (CompiledModel model = CompiledModel.compile(onnx.graph(), Map.of("x", new long[] {1, 3, 48, 192}), Plan.fp32());
 *      Session session = model.newSession()) {
 *     session.input("x").copyFrom(pixels);
 *     session.run();
 *     float[] probabilities = session.output("softmax_0.tmp_0").toFloatArray();
 * }
 * }</pre>
 */
public final class CompiledModel implements AutoCloseable {
    /**
     * Where a value lives: in the arena (or a constant) from offset on (in elements of dtype), under
     * shape. Activations are F32 except the 8-bit forms of values the INT8 precision writes.
     */
    record Slot(String root, boolean constant, long offset, long[] shape, DType dtype) {}

    private final Graph graph;
    private final Plan plan;
    private final List<CompiledStep> steps;
    private final Map<String, Slot> slots;
    private final Map<String, Tensor> constantTensors;
    private final BufferPlan buffers;
    private final long macs;
    private final Map<String, QuantizedValue> quantized;
    private final Map<String, String> views;
    private boolean closed;

    private CompiledModel(Graph graph, Plan plan, List<CompiledStep> steps, Map<String, Slot> slots,
                          Map<String, Tensor> constantTensors, BufferPlan buffers, Map<String, QuantizedValue> quantized,
                          Map<String, String> views) {
        this.graph = graph;
        this.plan = plan;
        this.steps = List.copyOf(steps);
        this.slots = Map.copyOf(slots);
        this.constantTensors = Map.copyOf(constantTensors);
        this.buffers = buffers;
        this.macs = MacCount.of(graph);
        this.quantized = Map.copyOf(quantized);
        this.views = Map.copyOf(views);
    }

    /**
     * Optimizes graph for the given input shapes (shape inference, constant folding, batch-norm
     * folding, activation fusion, dead-node removal), lowers every node in the precision and device
     * the plan gives it, packs weights and plans the activation arena.
     *
     * @param inputShapes a static shape for every graph input whose shape is not fully known
     * @throws io.frugal.runtime.lowering.LoweringException naming the node, operator, precision and
     *         device that cannot be compiled
     */
    public static CompiledModel compile(Graph graph, Map<String, long[]> inputShapes, Plan plan) {
        return compile(graph, inputShapes, plan, LoweringTable.standard());
    }

    /** Like {@link #compile(Graph, Map, Plan)} with another dispatch table. */
    public static CompiledModel compile(Graph graph, Map<String, long[]> inputShapes, Plan plan, LoweringTable table) {
        return compile(graph, inputShapes, plan, null, table);
    }

    /**
     * Like {@link #compile(Graph, Map, Plan)} with the activation ranges that INT8 nodes quantize
     * with. The table must come from calibrating this graph ({@link io.frugal.quant.Calibrator}).
     *
     * @throws IllegalArgumentException if calibration was made for another model
     */
    public static CompiledModel compile(Graph graph, Map<String, long[]> inputShapes, Plan plan, CalibrationTable calibration) {
        return compile(graph, inputShapes, plan, calibration, LoweringTable.standard());
    }

    /** The general form: calibration may be null when no node runs in INT8. */
    public static CompiledModel compile(Graph graph, Map<String, long[]> inputShapes, Plan plan, CalibrationTable calibration,
                                        LoweringTable table) {
        Objects.requireNonNull(graph, "graph is null");
        Objects.requireNonNull(inputShapes, "inputShapes is null");
        Objects.requireNonNull(plan, "plan is null");
        Objects.requireNonNull(table, "table is null");
        if (calibration != null) calibration.checkMatches(graph, "the calibration table");
        Graph optimized = Passes.standard(ShapeInference.withInputShapes(inputShapes)).run(graph).graph();
        return new ModelCompiler(optimized, plan, table, calibration).compile();
    }

    static CompiledModel assemble(Graph graph, Plan plan, List<CompiledStep> steps, Map<String, ModelCompiler.Alias> aliases,
                                  Map<String, ConstantTensor> runtimeConstants, Map<String, long[]> shapes,
                                  Map<String, DType> dtypes, Map<String, QuantizedValue> quantized, Map<String, String> views) {
        Map<String, Slot> slots = new HashMap<>();
        Map<String, int[]> lifetimes = new LinkedHashMap<>();
        java.util.function.Function<String, Slot> resolve = value -> {
            String v = value;
            long offset = 0;
            while (aliases.containsKey(v)) {
                ModelCompiler.Alias a = aliases.get(v);
                offset += a.offset();
                v = a.target();
            }
            return new Slot(v, runtimeConstants.containsKey(v), offset, shapes.get(value), dtypes.getOrDefault(value, DType.F32));
        };
        // Inputs live through the whole run: a session's input tensor keeps what the caller wrote
        // across runs, so nothing may reuse its memory.
        for (Value in : graph.inputs()) {
            slots.put(in.name(), resolve.apply(in.name()));
            lifetimes.put(in.name(), new int[] {-1, steps.size()});
        }
        for (int i = 0; i < steps.size(); i++) {
            CompiledStep s = steps.get(i);
            for (String in : s.inputs()) {
                Slot slot = resolve.apply(in);
                slots.put(in, slot);
                if (slot.constant()) continue;
                int[] life = lifetimes.get(slot.root());
                if (life == null) {
                    throw new IllegalStateException("step " + i + " (" + s.node() + ") reads '" + in + "' before anything writes it");
                }
                life[1] = Math.max(life[1], i);
            }
            for (String out : s.outputs()) {
                if (out.isEmpty()) continue;
                Slot slot = resolve.apply(out);
                if (slot.constant()) throw new IllegalStateException("step " + i + " (" + s.node() + ") writes constant '" + out + "'");
                slots.put(out, slot);
                lifetimes.computeIfAbsent(slot.root(), r -> new int[] {Integer.MAX_VALUE, -1});
                int[] life = lifetimes.get(slot.root());
                life[0] = Math.min(life[0], i);
                life[1] = Math.max(life[1], i);
            }
        }
        for (Value out : graph.outputs()) {
            Slot slot = resolve.apply(out.name());
            slots.put(out.name(), slot);
            if (!slot.constant()) {
                int[] life = lifetimes.get(slot.root());
                if (life == null) throw new IllegalStateException("output '" + out.name() + "' is never written");
                life[1] = steps.size();
            }
        }
        List<BufferPlan.Lifetime> list = new ArrayList<>();
        for (Map.Entry<String, int[]> e : lifetimes.entrySet()) {
            // The arena is planned in f32 units: an 8-bit value takes a quarter of its element count.
            long bytes = dtypes.getOrDefault(e.getKey(), DType.F32).bytesFor(shapes.get(e.getKey()));
            long elements = (bytes + DType.F32.bytesPerElement() - 1) / DType.F32.bytesPerElement();
            list.add(new BufferPlan.Lifetime(e.getKey(), elements, e.getValue()[0], Math.max(e.getValue()[0], e.getValue()[1])));
        }
        BufferPlan buffers = BufferPlan.place(list);
        Map<String, Tensor> constantTensors = new HashMap<>();
        try {
            for (Map.Entry<String, ConstantTensor> e : runtimeConstants.entrySet()) {
                constantTensors.put(e.getKey(), Tensor.fromArray(e.getValue().toFloatArray(), e.getValue().shape()));
            }
        } catch (RuntimeException e) {
            constantTensors.values().forEach(Tensor::close);
            throw e;
        }
        return new CompiledModel(graph, plan, steps, slots, constantTensors, buffers, quantized, views);
    }

    /** A new session with its own arena and operator shares; close it when done. */
    public Session newSession() {
        checkOpen();
        return new Session(this);
    }

    // ------------------------------------------------------------------ what sessions need

    List<CompiledStep> compiledSteps() {
        return steps;
    }

    Slot slot(String value) {
        Slot s = slots.get(value);
        if (s == null) throw new IllegalStateException("value '" + value + "' has no slot");
        return s;
    }

    long arenaOffset(String root) {
        return buffers.offset(root);
    }

    /**
     * The value a step's output name stands for: an operator that sees a value in its own shape
     * (a MatMul's [1, rows, n] view of a [rows, n] result) writes a view; observers see the value.
     */
    String observedName(String written) {
        String v = written;
        while (views.containsKey(v)) v = views.get(v);
        return v;
    }

    Tensor constantTensor(String root) {
        return constantTensors.get(root);
    }

    synchronized void checkOpen() {
        if (closed) throw new IllegalStateException("the compiled model is closed");
    }

    // ------------------------------------------------------------------ facts

    /** The graph after the optimization passes, as compiled. */
    public Graph graph() {
        return graph;
    }

    public Plan plan() {
        return plan;
    }

    public List<Value> inputs() {
        return graph.inputs().stream().map(v -> Value.of(v.name(), v.elementType(), slot(v.name()).shape())).toList();
    }

    public List<Value> outputs() {
        return graph.outputs().stream().map(v -> Value.of(v.name(), v.elementType(), slot(v.name()).shape())).toList();
    }

    public long[] inputShape(String name) {
        return shapeOf(name, graph.inputs());
    }

    public long[] outputShape(String name) {
        return shapeOf(name, graph.outputs());
    }

    private long[] shapeOf(String name, List<Value> values) {
        for (Value v : values) {
            if (v.name().equals(name)) return slot(name).shape().clone();
        }
        throw new IllegalArgumentException("no such value '" + name + "'; the model has "
                + values.stream().map(Value::name).toList());
    }

    /** The operators a session runs, in order, with the kernel each got. */
    public List<StepInfo> steps() {
        return steps.stream().map(CompiledStep::info).toList();
    }

    /**
     * The 8-bit values the model computes, by the name steps write them under (what a
     * {@link StepObserver} sees), with the value each stands for and its scale.
     */
    public Map<String, QuantizedValue> quantizedValues() {
        return quantized;
    }

    /** Bytes of one session's activation arena: the peak of simultaneously live activations, inputs and outputs included. */
    public long peakActivationBytes() {
        return buffers.arenaElements() * DType.F32.bytesPerElement();
    }

    /** Bytes the activations would take if no two shared memory. */
    public long unsharedActivationBytes() {
        return buffers.unsharedElements() * DType.F32.bytesPerElement();
    }

    /**
     * Bytes of the weights and constants as the compiled model holds them: a weighted layer that
     * runs in INT8 keeps one byte per weight plus a 4-byte scale per output channel; everything
     * else is as stored in the optimized graph.
     */
    public long weightBytes() {
        long total = graph.parameterBytes();
        for (io.frugal.graph.Node n : graph.nodes()) total += weightBytes(n) - fp32WeightBytes(n);
        return total;
    }

    /** Bytes of one node's constant inputs as its compiled operator holds them (see {@link #weightBytes()}). */
    public long weightBytes(io.frugal.graph.Node n) {
        long fp32 = fp32WeightBytes(n);
        io.frugal.plan.Precision p = precisionOf(n);
        if (!io.frugal.plan.Rules.isWeightedLayer(graph, n)) return fp32;
        ConstantTensor w = graph.initializers().get(n.inputs().get(1));
        long[] s = w.shape();
        if (n.opType().equals("Conv") && (p == io.frugal.plan.Precision.BINARY || io.frugal.passes.SignConvRecognition.binaryInput(n))
                && steps.stream().anyMatch(st -> st.node().equals(n.name()) && st.opType().equals("Conv")
                        && st.op() instanceof io.frugal.BinaryConv2d)) {
            // Sign bits packed 64 per word along input channels per tap, plus alpha per output channel.
            return fp32 - w.byteSize() + s[0] * s[2] * s[3] * ((s[1] + 63) / 64) * 8 + 4 * s[0];
        }
        if (n.opType().equals("Conv") && p == io.frugal.plan.Precision.BINARY_WEIGHTS
                && steps.stream().anyMatch(st -> st.node().equals(n.name()) && st.opType().equals("Conv")
                        && st.op() instanceof io.frugal.BinaryWeightConv2d)) {
            // One sign bit per weight, plus alpha per output channel.
            return fp32 - w.byteSize() + (w.numElements() + 7) / 8 + 4 * s[0];
        }
        if (p != io.frugal.plan.Precision.INT8) return fp32;
        long outChannels = switch (n.opType()) {
            case "Gemm" -> n.intAttr("transB", 0) != 0 ? s[0] : s[s.length - 1];
            case "MatMul" -> s[s.length - 1];
            default -> s[0];
        };
        return fp32 - w.byteSize() + w.numElements() + 4 * outChannels;
    }

    private long fp32WeightBytes(io.frugal.graph.Node n) {
        long b = 0;
        for (String in : new java.util.LinkedHashSet<>(n.inputs())) {
            ConstantTensor t = graph.initializers().get(in);
            if (t != null) b += t.byteSize();
        }
        return b;
    }

    /**
     * The precision node's main operator runs in (after fallback: an INT8 plan runs Sigmoid in
     * FP32); the plan's precision for a node that compiled to views only.
     */
    public io.frugal.plan.Precision precisionOf(io.frugal.graph.Node n) {
        for (CompiledStep s : steps) {
            if (s.node().equals(n.name()) && s.opType().equals(n.opType())) return s.precision();
        }
        return plan.precisionOf(n);
    }

    /** Multiply-accumulates of one run (convolutions and matrix products). */
    public long macs() {
        return macs;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (CompiledStep s : steps) s.op().close();
        for (Tensor t : constantTensors.values()) t.close();
    }

    @Override
    public String toString() {
        return "CompiledModel{" + graph.name() + ", " + steps.size() + " steps, arena " + peakActivationBytes() + " B, inputs "
                + inputs() + "}";
    }
}
