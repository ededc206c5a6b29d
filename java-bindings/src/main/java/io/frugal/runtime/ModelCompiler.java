package io.frugal.runtime;

import io.frugal.NativeOp;
import io.frugal.Tensor;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.ElementType;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.graph.Value;
import io.frugal.plan.Device;
import io.frugal.plan.Plan;
import io.frugal.plan.Precision;
import io.frugal.runtime.lowering.DispatchKey;
import io.frugal.runtime.lowering.Invoker;
import io.frugal.runtime.lowering.Lowering;
import io.frugal.runtime.lowering.LoweringContext;
import io.frugal.runtime.lowering.LoweringException;
import io.frugal.runtime.lowering.LoweringTable;
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
    private final Map<String, long[]> shapes = new HashMap<>();
    private final Map<String, ConstantTensor> constants = new HashMap<>();
    private final Map<String, ConstantTensor> runtimeConstants = new LinkedHashMap<>();
    private final Map<String, Alias> aliases = new HashMap<>();
    private final List<CompiledStep> steps = new ArrayList<>();
    private final List<Tensor> compileTimeTensors = new ArrayList<>();
    private Node current;
    private Precision currentPrecision;
    private Device currentDevice;
    private int temporaries;

    ModelCompiler(Graph graph, Plan plan, LoweringTable table) {
        this.graph = graph;
        this.plan = plan;
        this.table = table;
        constants.putAll(graph.initializers());
        for (Map.Entry<String, ConstantTensor> e : constants.entrySet()) shapes.put(e.getKey(), e.getValue().shape());
        for (Value v : graph.valueInfos().values()) {
            if (v.isFullyKnown()) shapes.putIfAbsent(v.name(), v.shape());
        }
        for (Value v : graph.inputs()) {
            if (v.isFullyKnown()) shapes.putIfAbsent(v.name(), v.shape());
        }
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
            return CompiledModel.assemble(graph, plan, steps, aliases, runtimeConstants, shapes);
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

    private void lower(Node n) {
        current = n;
        currentPrecision = plan.precisionOf(n);
        currentDevice = plan.deviceOf(n);
        String op = n.domain().isEmpty() ? n.opType() : n.domain() + "." + n.opType();
        DispatchKey key = new DispatchKey(op, currentPrecision, currentDevice);
        Lowering lowering = table.find(key).orElseThrow(() -> new LoweringException(where()
                + ": no kernel for precision " + currentPrecision + " on " + currentDevice + "; "
                + currentPrecision + " on " + currentDevice + " serves " + table.operators(currentPrecision, currentDevice)));
        for (String out : n.outputs()) {
            if (!out.isEmpty() && !shapes.containsKey(out)) throw error("output '" + out + "' has no static shape");
        }
        try {
            lowering.lower(n, this);
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
    public String view(String value, long... shape) {
        if (Arrays.equals(shape(value), shape)) return value;
        if (ConstantTensor.numElements(shape(value)) != ConstantTensor.numElements(shape)) {
            throw error("cannot view '" + value + "' " + Arrays.toString(shape(value)) + " as " + Arrays.toString(shape));
        }
        String name = fresh("view");
        shapes.put(name, shape.clone());
        aliases.put(name, new Alias(value, 0));
        return name;
    }

    @Override
    public void emit(NativeOp op, Invoker invoker, List<String> inputs, List<String> outputs) {
        try {
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
}
