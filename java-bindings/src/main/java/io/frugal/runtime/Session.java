package io.frugal.runtime;

import io.frugal.DType;
import io.frugal.NativeOp;
import io.frugal.Tensor;
import io.frugal.graph.Value;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thread's way to run a {@link CompiledModel}: its own activation arena, its own share of every
 * operator (packed weights stay shared), and every operand bound once at creation, so {@link #run()}
 * is one native call per operator and allocates nothing. Not thread-safe: one session per thread.
 *
 * <p>Write inputs into {@link #input(String)}, call {@link #run()}, read {@link #output(String)}.
 * The tensors belong to the session and are overwritten by the next run.
 */
public final class Session implements AutoCloseable {
    private final CompiledModel model;
    private final Tensor arena;
    private final Map<String, Tensor> bound = new HashMap<>();
    private final List<CompiledStep> steps;
    private final NativeOp[] ops;
    private final Tensor[][] inputs;
    private final Tensor[][] outputs;
    private final Map<String, Tensor> modelInputs = new LinkedHashMap<>();
    private final Map<String, Tensor> modelOutputs = new LinkedHashMap<>();
    private boolean closed;

    Session(CompiledModel model) {
        this.model = model;
        this.steps = model.compiledSteps();
        this.ops = new NativeOp[steps.size()];
        this.inputs = new Tensor[steps.size()][];
        this.outputs = new Tensor[steps.size()][];
        this.arena = Tensor.allocate(DType.F32, Math.max(1, model.peakActivationBytes() / DType.F32.bytesPerElement()));
        try {
            for (int i = 0; i < steps.size(); i++) {
                CompiledStep s = steps.get(i);
                ops[i] = s.op().share();
                inputs[i] = bindAll(s.inputs());
                outputs[i] = bindAll(s.outputs());
            }
            for (Value v : model.graph().inputs()) modelInputs.put(v.name(), bind(v.name()));
            for (Value v : model.graph().outputs()) modelOutputs.put(v.name(), bind(v.name()));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Tensor[] bindAll(List<String> values) {
        Tensor[] out = new Tensor[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = values.get(i).isEmpty() ? null : bind(values.get(i));
        return out;
    }

    /** The value's tensor: a view of the arena (or of a constant) made once per session. */
    private Tensor bind(String value) {
        Tensor t = bound.get(value);
        if (t != null) return t;
        CompiledModel.Slot slot = model.slot(value);
        long rootBytes = slot.constant() ? 0 : model.arenaOffset(slot.root()) * DType.F32.bytesPerElement();
        Tensor base = slot.constant() ? model.constantTensor(slot.root()) : arena;
        t = base.reinterpret(rootBytes + slot.offset() * slot.dtype().bytesPerElement(), slot.dtype(), slot.shape());
        bound.put(value, t);
        return t;
    }

    /** Runs every operator in order; allocates nothing. */
    public void run() {
        checkOpen();
        for (int i = 0; i < ops.length; i++) {
            try {
                steps.get(i).invoker().run(ops[i], inputs[i], outputs[i]);
            } catch (RuntimeException e) {
                CompiledStep s = steps.get(i);
                throw new IllegalStateException("node '" + s.node() + "' (" + s.opType() + ", " + s.precision() + " on "
                        + s.device() + ", kernel " + s.op().kernel() + ") failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Runs like {@link #run()}, calling observer after each operator with each value it wrote.
     * Slower (a Java call per value); for calibration and debugging, not serving.
     */
    public void run(StepObserver observer) {
        Objects.requireNonNull(observer, "observer is null");
        checkOpen();
        for (int i = 0; i < ops.length; i++) {
            CompiledStep s = steps.get(i);
            s.invoker().run(ops[i], inputs[i], outputs[i]);
            StepInfo info = s.info();
            for (int k = 0; k < outputs[i].length; k++) {
                if (outputs[i][k] != null) observer.afterStep(info, model.observedName(s.outputs().get(k)), outputs[i][k]);
            }
        }
    }

    /** One operator's share of a run: the step and its median time over the profiled runs. */
    public record StepTime(StepInfo step, double medianMillis) {}

    /**
     * Runs runs times, timing every operator separately (what {@code frugal run --profile}
     * prints); results are the median per operator. Timing adds a clock read per operator.
     */
    public List<StepTime> profile(int runs) {
        checkOpen();
        if (runs < 1) throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        long[][] times = new long[ops.length][runs];
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < ops.length; i++) {
                long t = System.nanoTime();
                steps.get(i).invoker().run(ops[i], inputs[i], outputs[i]);
                times[i][r] = System.nanoTime() - t;
            }
        }
        List<StepTime> out = new ArrayList<>();
        for (int i = 0; i < ops.length; i++) {
            Arrays.sort(times[i]);
            out.add(new StepTime(steps.get(i).info(), times[i][runs / 2] / 1e6));
        }
        return out;
    }

    /**
     * Copies each given tensor into the input of that name, checking names, dtypes and shapes first,
     * then runs. Inputs not given keep their last values.
     */
    public void run(Map<String, Tensor> feeds) {
        Objects.requireNonNull(feeds, "inputs are null");
        for (Map.Entry<String, Tensor> e : feeds.entrySet()) {
            Tensor dst = input(e.getKey());
            Tensor src = Objects.requireNonNull(e.getValue(), "input '" + e.getKey() + "' is null");
            if (src.dtype() != DType.F32) {
                throw new IllegalArgumentException("input '" + e.getKey() + "' is " + src.dtype() + "; the model takes F32");
            }
            if (!Arrays.equals(src.shape(), dst.shape())) {
                throw new IllegalArgumentException("input '" + e.getKey() + "' has shape " + Arrays.toString(src.shape())
                        + "; the model was compiled for " + Arrays.toString(dst.shape()));
            }
        }
        for (Map.Entry<String, Tensor> e : feeds.entrySet()) {
            ByteBuffer from = e.getValue().buffer();
            input(e.getKey()).buffer().put(from);
        }
        run();
    }

    /** Convenience: copies arrays in (checked like {@link #run(Map)}), runs, and returns new arrays of every output. */
    public Map<String, float[]> runArrays(Map<String, float[]> feeds) {
        Objects.requireNonNull(feeds, "inputs are null");
        for (Map.Entry<String, float[]> e : feeds.entrySet()) {
            Tensor dst = input(e.getKey());
            float[] src = Objects.requireNonNull(e.getValue(), "input '" + e.getKey() + "' is null");
            if (src.length != dst.elementCount()) {
                throw new IllegalArgumentException("input '" + e.getKey() + "' has " + src.length + " values; the model was compiled for "
                        + Arrays.toString(dst.shape()) + " (" + dst.elementCount() + " values)");
            }
        }
        for (Map.Entry<String, float[]> e : feeds.entrySet()) input(e.getKey()).copyFrom(e.getValue());
        run();
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : modelOutputs.entrySet()) out.put(e.getKey(), e.getValue().toFloatArray());
        return out;
    }

    /** The session's tensor for the named model input. */
    public Tensor input(String name) {
        checkOpen();
        Tensor t = modelInputs.get(name);
        if (t == null) throw new IllegalArgumentException("no input '" + name + "'; the model takes " + modelInputs.keySet());
        return t;
    }

    /** The session's tensor for the named model output, valid until the next run. */
    public Tensor output(String name) {
        checkOpen();
        Tensor t = modelOutputs.get(name);
        if (t == null) throw new IllegalArgumentException("no output '" + name + "'; the model gives " + modelOutputs.keySet());
        return t;
    }

    public List<String> inputNames() {
        return new ArrayList<>(modelInputs.keySet());
    }

    public List<String> outputNames() {
        return new ArrayList<>(modelOutputs.keySet());
    }

    public CompiledModel model() {
        return model;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("the session is closed");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (NativeOp op : ops) {
            if (op != null) op.close();
        }
        for (Tensor t : bound.values()) t.close();
        arena.close();
    }
}
