package io.frugal.quant;

import io.frugal.graph.Attribute;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.ElementType;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.graph.Value;
import io.frugal.onnx.OnnxExporter;
import io.frugal.passes.ActivationUnfusion;
import io.frugal.passes.Passes;
import io.frugal.passes.ShapeInference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A QDQ ONNX model (QuantizeLinear / DequantizeLinear pairs around float ops) made from a Frugal
 * {@link CalibrationTable}, for ONNX Runtime to run in int8: its graph optimizer fuses
 * {@code DQ -> Conv -> Q} into QLinearConv, {@code DQ -> MatMul} into MatMulIntegerToFloat or
 * QLinearMatMul, {@code DQ -> Gemm [-> Q]} into QGemm. ONNX Runtime's int8 from the same
 * calibration as Frugal's INT8, without its Python quantization tool.
 *
 * <h2>Which graph</h2>
 * The calibration table names the values of the graph <em>after</em> Frugal's standard passes, so
 * the QDQ model is built from that graph ({@link #prepare}): the same shapes, the same folded
 * BatchNorms and affine maps, the same recognized HardSwish, hence the same value names and the
 * same weights Frugal quantizes. Only the activation fusion is undone ({@link ActivationUnfusion}):
 * ONNX Runtime does not know Frugal's fused-activation attributes, and its quantized conv needs a
 * QuantizeLinear right after the conv (or after a Relu that a u8 QuantizeLinear with zero point 0
 * makes redundant, which it then drops). Undoing the fusion on the very graph Frugal compiles,
 * rather than running a variant of the pipeline without ActivationFusion, guarantees the same
 * value names and weights.
 *
 * <h2>Pre-activation ranges</h2>
 * Frugal quantizes a conv with a fused HardSwish, HardSigmoid or Sigmoid at the activation's
 * output and never sees the conv output before it; ONNX Runtime's QLinearConv needs exactly that
 * value's range. {@link #calibrate} therefore calibrates once for both engines: the prepared
 * graph, with every pre-activation value made a graph output (which keeps Frugal from fusing it
 * again), through the given {@link Calibrator}. The table it returns holds every value Frugal's own
 * calibration of the original graph would hold (the same FP32 computation, samples and method)
 * plus the pre-activation values, and carries the original graph's fingerprint, so
 * {@code CompiledModel.compile(graph, shapes, Plan.of(INT8), table)} accepts it. A table from a
 * plain {@link Calibrator} works too: a conv followed by Relu is quantized after the Relu; a conv
 * followed by another activation without a pre-activation range keeps a float output (ONNX
 * Runtime then leaves that conv unfused), and {@link Result#notes()} says so.
 *
 * <h2>What is quantized</h2>
 * <ul>
 *   <li>Ops: Conv with constant weights (and bias), MatMul with a constant 2-D second operand,
 *       Gemm with a constant B (and a 1-D C with alpha = beta = 1); what Frugal runs in INT8.</li>
 *   <li>Activations: a Q/DQ pair on each input those ops read and on each conv output (after a
 *       Relu that follows it, at the Relu output's range; else at the conv output's range), with
 *       every reader of the value reading the DQ output (so ONNX Runtime also rounds conv outputs
 *       that only float ops read, which Frugal leaves in f32). Scale and type from the table's
 *       {@link TensorRange}: unsigned ranges u8 with zero point 0 and scale threshold/255; signed
 *       ranges threshold/127 with zero point 0 in s8, written by default as u8 with zero point
 *       128, which is the same grid ({@code q_u8 = q_s8 + 128}): ONNX Runtime fuses convs with s8
 *       activations only on ARM ({@code session.qdqisint8allowed}), while u8 activations with s8
 *       weights (U8S8) are its x86 form.</li>
 *   <li>Weights: int8 initializers, symmetric per output channel, {@code s_w = max|W_c| / 127}
 *       in [-127, 127] (as Frugal's kernels), dequantized by a per-axis DequantizeLinear (axis 0
 *       for Conv; the output-column axis for MatMul and Gemm). {@link Options#reduceRange}
 *       quantizes to [-64, 64] instead, ONNX Runtime's advice for AVX2 and AVX-512 without VNNI,
 *       whose u8 x s8 pair sums saturate in 16 bits; {@link Options#forThisCpu()} picks it
 *       there.</li>
 *   <li>Bias: int32 at scale {@code s_x * s_w} per channel (as ONNX Runtime's tool does), zero
 *       point 0, per-axis DequantizeLinear.</li>
 *   <li>Everything else stays float; its inputs come dequantized.</li>
 * </ul>
 * Per-axis DequantizeLinear needs opset 13, so the model is written at opset
 * {@code max(13, the model's)} (14 where a HardSwish remains), the other nodes carried over by
 * {@link OnnxExporter}.
 *
 * <pre>{@code
 * CalibrationTable t = QdqModel.calibrate(new Calibrator(RangeMethod.MSE), graph, shapes, samples);
 * byte[] onnx = QdqModel.build(graph, shapes, t, QdqModel.Options.forThisCpu()).model();  // ONNX Runtime int8
 * CompiledModel m = CompiledModel.compile(graph, shapes, Plan.of(Precision.INT8), t);  // Frugal INT8
 * }</pre>
 */
public final class QdqModel {
    private QdqModel() {}

    /** How signed activation ranges are written (the grid is the same). */
    public enum SignedActivations {
        /** u8 with zero point 128: what ONNX Runtime fuses on x86 (U8S8). */
        U8_ZERO_POINT_128,
        /** s8 with zero point 0: what ONNX Runtime fuses on ARM (or with session.qdqisint8allowed=1). */
        S8
    }

    /**
     * @param reduceRange weights in [-64, 64] instead of [-127, 127]
     * @param signed      how signed activations are written
     */
    public record Options(boolean reduceRange, SignedActivations signed) {
        public Options {
            Objects.requireNonNull(signed, "signed is null");
        }

        /** Full-range weights (Frugal's grid), signed activations as u8 with zero point 128. */
        public static Options defaults() {
            return new Options(false, SignedActivations.U8_ZERO_POINT_128);
        }

        /**
         * What ONNX Runtime advises for this CPU: reduced-range weights unless /proc/cpuinfo shows
         * VNNI ({@code avx512_vnni} or {@code avx_vnni}); without it, MLAS's u8 x s8 kernels
         * ({@code vpmaddubsw}) saturate 16-bit pair sums once {@code 2 * 255 * 127 > 32767}, which
         * u8 activations with zero point 128 reach all the time (on this AVX2 machine cls falls to
         * about 17 dB with full-range weights, against 46 dB reduced). Reduced range elsewhere too
         * (not Linux): it is always safe.
         */
        public static Options forThisCpu() {
            return new Options(!cpuHasVnni(), SignedActivations.U8_ZERO_POINT_128);
        }

        private static boolean cpuHasVnni() {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("flags")) {
                        List<String> flags = List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                        return flags.contains("avx512_vnni") || flags.contains("avx_vnni");
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not Linux: assume no VNNI
            }
            return false;
        }
    }

    /**
     * The QDQ model and what went into it.
     *
     * @param model     the serialized ModelProto
     * @param graph     the QDQ graph before export (at the source graph's opset)
     * @param opset     the default-domain opset written
     * @param quantized quantized nodes per op type (Conv, MatMul, Gemm)
     * @param outputQ   convs with a QuantizeLinear on their output (what QLinearConv needs)
     * @param notes     one line per node or value left in float, and why
     */
    public record Result(byte[] model, Graph graph, long opset, Map<String, Integer> quantized, int outputQ, List<String> notes) {
        public Result {
            quantized = Map.copyOf(quantized);
            notes = List.copyOf(notes);
        }

        /** "Conv 53 (53 with output Q), MatMul 1; opset 13; 0 notes". */
        public String summary() {
            StringBuilder b = new StringBuilder();
            new TreeMap<>(quantized).forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v)
                    .append(k.equals("Conv") ? " (" + outputQ + " with output Q)" : ""));
            return b + "; opset " + opset + "; " + notes.size() + " notes";
        }
    }

    /** Frugal's standard passes for these input shapes, then {@link ActivationUnfusion}. */
    public static Graph prepare(Graph graph, Map<String, long[]> inputShapes) {
        return new ActivationUnfusion().apply(optimize(graph, inputShapes)).graph();
    }

    private static Graph optimize(Graph graph, Map<String, long[]> inputShapes) {
        Objects.requireNonNull(graph, "graph is null");
        Objects.requireNonNull(inputShapes, "inputShapes is null");
        return Passes.standard(ShapeInference.withInputShapes(inputShapes)).run(graph).graph();
    }

    /**
     * One calibration for both engines (see the class comment): the ranges of every value the
     * compiled graph writes plus the pre-activation values of fused activations, under
     * {@code graph}'s fingerprint.
     */
    public static CalibrationTable calibrate(Calibrator calibrator, Graph graph, Map<String, long[]> inputShapes,
                                             List<Map<String, float[]>> samples) {
        Objects.requireNonNull(calibrator, "calibrator is null");
        Graph fused = optimize(graph, inputShapes);
        Graph unfused = new ActivationUnfusion().apply(fused).graph();
        Set<String> fusedValues = new HashSet<>();
        for (Node n : fused.nodes()) fusedValues.addAll(n.outputs());
        List<Value> outputs = new ArrayList<>(unfused.outputs());
        for (Node n : unfused.nodes()) {
            for (String o : n.outputs()) {
                if (fusedValues.contains(o)) continue;
                Value v = unfused.valueInfos().get(o);
                outputs.add(v != null ? v : Value.unranked(o, ElementType.FLOAT));
            }
        }
        Graph observed = new Graph(unfused.name(), unfused.inputs(), outputs, unfused.nodes(), unfused.initializers(),
                unfused.opsetImports(), unfused.valueInfos());
        CalibrationTable t = calibrator.calibrate(observed, inputShapes, samples);
        return new CalibrationTable(GraphFingerprint.of(graph), t.method(), t.percentile(), t.samples(), t.inputShapes(), t.ranges());
    }

    /** {@link #build(Graph, Map, CalibrationTable, Options)} with {@link Options#defaults()}. */
    public static Result build(Graph graph, Map<String, long[]> inputShapes, CalibrationTable table) {
        return build(graph, inputShapes, table, Options.defaults());
    }

    /**
     * The QDQ model of graph (the original, as given to {@link #calibrate} or to Frugal's
     * compiler) at these input shapes.
     */
    public static Result build(Graph graph, Map<String, long[]> inputShapes, CalibrationTable table, Options options) {
        Objects.requireNonNull(table, "table is null");
        Objects.requireNonNull(options, "options is null");
        return new Builder(prepare(graph, inputShapes), table, options).build();
    }

    private static final Set<String> QUANTIZABLE = Set.of("Conv", "MatMul", "Gemm");

    /** A value's 8-bit encoding: scale, zero point and type. */
    private record Quant(float scale, int zeroPoint, ElementType type) {}

    private static final class Builder {
        final Graph g;
        final CalibrationTable table;
        final Options options;
        final int weightMax;
        final Map<String, List<Node>> consumers = new HashMap<>();
        final Set<String> graphOutputs = new HashSet<>();
        final io.frugal.graph.GraphNames names;
        final Map<String, ConstantTensor> inits;
        final Map<String, Quant> activations = new LinkedHashMap<>();
        final Map<String, String> dequantized = new HashMap<>(); // value -> its DQ output
        final List<Node> added = new ArrayList<>();
        final Map<String, Node> replaced = new HashMap<>();
        final Map<String, Integer> quantized = new TreeMap<>();
        final List<String> notes = new ArrayList<>();
        int outputQ;

        Builder(Graph g, CalibrationTable table, Options options) {
            this.g = g;
            this.table = table;
            this.options = options;
            this.weightMax = options.reduceRange() ? 64 : 127;
            this.inits = new LinkedHashMap<>(g.initializers());
            this.names = new io.frugal.graph.GraphNames(g);
            for (Value v : g.outputs()) graphOutputs.add(v.name());
            for (Node n : g.nodes()) {
                for (String in : n.inputs()) {
                    if (!in.isEmpty()) consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                }
            }
        }

        Result build() {
            // 1. The nodes to quantize and the activations they read and write.
            List<Node> targets = new ArrayList<>();
            for (Node n : g.nodes()) {
                if (!n.domain().isEmpty() || !QUANTIZABLE.contains(n.opType())) continue;
                String why = switch (n.opType()) {
                    case "Conv" -> convProblem(n);
                    case "MatMul" -> matMulProblem(n);
                    default -> gemmProblem(n);
                };
                if (why != null) {
                    notes.add(n.describe() + " stays float: " + why);
                    continue;
                }
                targets.add(n);
                activation(n.inputs().get(0));
                if (n.opType().equals("Conv")) convOutput(n);
            }
            // 2. Q/DQ pairs on those activations.
            for (Map.Entry<String, Quant> e : activations.entrySet()) quantizeActivation(e.getKey(), e.getValue());
            // 3. Quantized weights and biases.
            for (Node n : targets) {
                switch (n.opType()) {
                    case "Conv" -> weighted(n, 0, 2);
                    case "MatMul" -> weighted(n, 1, -1);
                    default -> weighted(n, n.intAttr("transB", 0) != 0 ? 0 : 1, 2);
                }
                quantized.merge(n.opType(), 1, Integer::sum);
            }
            // 4. Readers of quantized activations read the DQ output.
            List<Node> nodes = new ArrayList<>();
            for (Node n : g.nodes()) {
                Node m = replaced.getOrDefault(n.name(), n);
                List<String> in = new ArrayList<>(m.inputs());
                boolean changed = false;
                for (int i = 0; i < in.size(); i++) {
                    String dq = dequantized.get(in.get(i));
                    if (dq != null) {
                        in.set(i, dq);
                        changed = true;
                    }
                }
                nodes.add(changed ? new Node(m.name(), m.opType(), m.domain(), in, m.outputs(), m.attributes()) : m);
            }
            nodes.addAll(added);
            Set<String> used = new HashSet<>();
            for (Node n : nodes) used.addAll(n.inputs());
            inits.keySet().retainAll(used);
            Graph q = new Graph(g.name(), g.inputs(), g.outputs(), Graph.topologicalSort(g.name(), nodes), inits,
                    g.opsetImports(), g.valueInfos()).validate();
            long opset = Math.max(13, g.defaultOpset());
            if (opset < 14 && nodes.stream().anyMatch(n -> n.domain().isEmpty() && n.opType().equals("HardSwish"))) opset = 14;
            return new Result(OnnxExporter.export(q, opset), q, opset, quantized, outputQ, notes);
        }

        // ------------------------------------------------------------------ what can be quantized

        String convProblem(Node n) {
            List<String> in = n.inputs();
            ConstantTensor w = in.size() > 1 ? floatInit(in.get(1)) : null;
            if (w == null || w.rank() < 3) return "its weights are not a constant float tensor of rank >= 3";
            if (in.size() > 2 && !in.get(2).isEmpty()) {
                ConstantTensor b = floatInit(in.get(2));
                if (b == null || b.rank() != 1 || b.shape()[0] != w.shape()[0]) return "its bias is not a constant 1-D float tensor";
            }
            return inputProblem(in.get(0));
        }

        String matMulProblem(Node n) {
            ConstantTensor b = n.inputs().size() == 2 ? floatInit(n.inputs().get(1)) : null;
            if (b == null || b.rank() != 2) return "its second operand is not a constant 2-D float tensor";
            return inputProblem(n.inputs().get(0));
        }

        String gemmProblem(Node n) {
            List<String> in = n.inputs();
            ConstantTensor b = in.size() > 1 ? floatInit(in.get(1)) : null;
            if (b == null || b.rank() != 2) return "B is not a constant 2-D float tensor";
            if (n.intAttr("transA", 0) != 0) return "transA = 1";
            if (in.size() > 2 && !in.get(2).isEmpty()) {
                ConstantTensor c = floatInit(in.get(2));
                long cols = b.shape()[n.intAttr("transB", 0) != 0 ? 0 : 1];
                if (c == null || c.rank() != 1 || c.shape()[0] != cols) return "C is not a constant float vector of N elements";
                if (n.floatAttr("alpha", 1f) != 1f || n.floatAttr("beta", 1f) != 1f) return "alpha or beta is not 1 (with C)";
            }
            return inputProblem(in.get(0));
        }

        String inputProblem(String x) {
            if (!table.ranges().containsKey(x)) return "the calibration table has no range for its input '" + x + "'";
            return null;
        }

        ConstantTensor floatInit(String name) {
            ConstantTensor t = inits.get(name);
            return t != null && t.elementType() == ElementType.FLOAT ? t : null;
        }

        // ------------------------------------------------------------------ activations

        /** Marks a value for a Q/DQ pair at its calibrated range. */
        void activation(String value) {
            if (activations.containsKey(value)) return;
            TensorRange r = table.range(value);
            float scale = (float) r.scale();
            if (r.unsigned()) {
                activations.put(value, new Quant(scale, 0, ElementType.UINT8));
            } else if (options.signed() == SignedActivations.S8) {
                activations.put(value, new Quant(scale, 0, ElementType.INT8));
            } else {
                activations.put(value, new Quant(scale, 128, ElementType.UINT8));
            }
        }

        /** The conv's output Q: after a sole Relu reader (which ONNX Runtime then drops), else on the output. */
        void convOutput(Node conv) {
            String y = conv.outputs().get(0);
            if (graphOutputs.contains(y)) {
                notes.add(conv.describe() + ": its output '" + y + "' is a graph output and stays float (the conv stays unfused)");
                return;
            }
            List<Node> readers = consumers.getOrDefault(y, List.of());
            if (readers.size() == 1 && readers.get(0).opType().equals("Relu") && readers.get(0).domain().isEmpty()) {
                String r = readers.get(0).outputs().get(0);
                TensorRange range = table.ranges().get(r);
                if (range != null && range.unsigned() && !graphOutputs.contains(r)) {
                    activation(r);
                    outputQ++;
                    return;
                }
            }
            if (table.ranges().containsKey(y)) {
                activation(y);
                outputQ++;
            } else {
                notes.add(conv.describe() + ": no range for its output '" + y + "' (calibrate with QdqModel.calibrate);"
                        + " it stays float and the conv unfused");
            }
        }

        void quantizeActivation(String value, Quant q) {
            String scale = constant(value + ".scale", ConstantTensor.ofFloats(new long[0], q.scale()));
            String zp = constant(value + ".zero_point", bytes(q.type(), new long[0], new int[] {q.zeroPoint()}));
            String quant = unique(value + ".q");
            String dq = unique(value + ".dq");
            added.add(new Node(unique(value + ".QuantizeLinear"), "QuantizeLinear", "", List.of(value, scale, zp), List.of(quant),
                    Map.of()));
            added.add(new Node(unique(value + ".DequantizeLinear"), "DequantizeLinear", "", List.of(quant, scale, zp), List.of(dq),
                    Map.of()));
            dequantized.put(value, dq);
        }

        // ------------------------------------------------------------------ weights

        /**
         * Replaces input 1 of n (weights, quantized per slice along axis) and, when present, input
         * biasInput (int32 at s_x * s_w) with DequantizeLinear outputs.
         */
        void weighted(Node n, int axis, int biasInput) {
            List<String> in = new ArrayList<>(n.inputs());
            ConstantTensor w = floatInit(in.get(1));
            long[] shape = w.shape();
            int channels = (int) shape[axis];
            float[] wf = w.toFloatArray();
            // element i belongs to channel (i / inner) % channels
            long inner = 1;
            for (int d = axis + 1; d < shape.length; d++) inner *= shape[d];
            double[] absMax = new double[channels];
            for (int i = 0; i < wf.length; i++) {
                int c = (int) ((i / inner) % channels);
                absMax[c] = Math.max(absMax[c], Math.abs(wf[i]));
            }
            float[] scales = new float[channels];
            for (int c = 0; c < channels; c++) scales[c] = absMax[c] > 0 ? (float) (absMax[c] / weightMax) : 1f;
            int[] q = new int[wf.length];
            for (int i = 0; i < wf.length; i++) {
                int c = (int) ((i / inner) % channels);
                q[i] = (int) Math.max(-weightMax, Math.min(weightMax, Math.rint(wf[i] / scales[c])));
            }
            String base = n.name() + "." + in.get(1);
            String wq = constant(base + ".quantized", bytes(ElementType.INT8, shape, q));
            String ws = constant(base + ".scale", ConstantTensor.ofFloats(new long[] {channels}, scales));
            String wz = constant(base + ".zero_point", bytes(ElementType.INT8, new long[] {channels}, new int[channels]));
            String wdq = unique(base + ".dq");
            added.add(new Node(unique(base + ".DequantizeLinear"), "DequantizeLinear", "", List.of(wq, ws, wz), List.of(wdq),
                    Map.of("axis", Attribute.of((long) axis))));
            in.set(1, wdq);
            if (biasInput >= 0 && in.size() > biasInput && !in.get(biasInput).isEmpty()) {
                float sx = activations.get(n.inputs().get(0)).scale();
                float[] b = floatInit(in.get(biasInput)).toFloatArray();
                int[] bq = new int[channels];
                float[] bs = new float[channels];
                for (int c = 0; c < channels; c++) {
                    bs[c] = sx * scales[c];
                    double v = Math.rint(b[c] / (double) bs[c]);
                    bq[c] = (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, v));
                }
                String bbase = n.name() + "." + in.get(biasInput);
                String bqName = constant(bbase + ".quantized", ConstantTensor.ofInts(new long[] {channels}, bq));
                String bsName = constant(bbase + ".scale", ConstantTensor.ofFloats(new long[] {channels}, bs));
                String bzName = constant(bbase + ".zero_point", ConstantTensor.ofInts(new long[] {channels}, new int[channels]));
                String bdq = unique(bbase + ".dq");
                added.add(new Node(unique(bbase + ".DequantizeLinear"), "DequantizeLinear", "", List.of(bqName, bsName, bzName),
                        List.of(bdq), Map.of("axis", Attribute.of(0L))));
                in.set(biasInput, bdq);
            }
            replaced.put(n.name(), new Node(n.name(), n.opType(), n.domain(), in, n.outputs(), n.attributes()));
        }

        // ------------------------------------------------------------------ helpers

        String constant(String base, ConstantTensor t) {
            String name = unique(base);
            inits.put(name, t);
            return name;
        }

        String unique(String base) {
            return names.unique(base);
        }

        static ConstantTensor bytes(ElementType type, long[] shape, int[] values) {
            ByteBuffer b = ByteBuffer.allocate(values.length).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : values) b.put((byte) v);
            return ConstantTensor.of(type, shape, b.array());
        }
    }
}
