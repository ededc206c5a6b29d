package io.frugal.cli;

import io.frugal.graph.ConstantTensor;
import io.frugal.graph.ElementType;
import io.frugal.graph.Graph;
import io.frugal.graph.Value;
import io.frugal.onnx.OnnxImporter;
import io.frugal.runtime.ModelArchive;
import io.frugal.onnx.OnnxModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import io.frugal.plan.Plan;
import io.frugal.plan.Precision;
import io.frugal.runtime.CompiledModel;
import io.frugal.runtime.StepInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code frugal inspect MODEL}: what an ONNX file holds, as Frugal imports it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Imports an ONNX model and prints its inputs, outputs, opsets, op counts, parameters, "
                + "MACs and peak activation bytes (compiled for the given input shapes).")
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The .onnx file, or a .frugal archive from quantize.")
    Path model;

    @Option(names = "--input-shape", paramLabel = "NAME=D0,D1,...",
            description = "the static shape of an input (known PaddleOCR models have a default)")
    List<String> inputShapes = new ArrayList<>();

    @Option(names = "--batch", description = "replaces the first dimension of every input")
    Integer batch;

    @Option(names = "--precision", description = "precision to compile for (default FP32; a .frugal archive keeps its plan)")
    Precision precision;

    @Option(names = "--steps", description = "also list every compiled operator with its kernel")
    boolean steps;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(model)) {
            throw new IOException("no such file: " + model);
        }
        ModelArchive archive = model.getFileName().toString().endsWith(".frugal") ? ModelArchive.load(model) : null;
        if (archive != null && precision != null) {
            throw new IllegalArgumentException("--precision: " + model.getFileName() + " keeps the plan it was quantized with");
        }
        OnnxModel m = archive != null ? archive.onnxModel() : OnnxImporter.load(model);
        Graph g = m.graph();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("model       %s (%,d bytes)%n", model, Files.size(model));
        out.printf("producer    %s, ONNX IR %d%n", m.producer().isEmpty() ? "(not stated)" : m.producer(), m.irVersion());
        StringBuilder opsets = new StringBuilder();
        for (Map.Entry<String, Long> e : g.opsetImports().entrySet()) {
            opsets.append(opsets.length() == 0 ? "" : ", ").append(e.getKey().isEmpty() ? "ai.onnx" : e.getKey())
                    .append(' ').append(e.getValue());
        }
        out.printf("opsets      %s%n", opsets);
        out.println("inputs");
        for (Value v : g.inputs()) {
            out.printf("  %-20s %-8s %s%n", v.name(), v.elementType(), v.shapeString());
        }
        out.println("outputs");
        for (Value v : g.outputs()) {
            out.printf("  %-20s %-8s %s%n", v.name(), v.elementType(), v.shapeString());
        }
        out.printf("nodes       %d in the file; %d after %d Constant nodes became initializers%n",
                m.opCensus().values().stream().mapToInt(Integer::intValue).sum(), g.nodes().size(), m.constantNodes());
        out.printf("  %-28s %6s%n", "op", "count");
        for (Map.Entry<String, Integer> e : m.opCensus().entrySet()) {
            out.printf("  %-28s %6d%n", e.getKey(), e.getValue());
        }
        Map<ElementType, long[]> byType = new TreeMap<>();
        for (ConstantTensor t : g.initializers().values()) {
            long[] acc = byType.computeIfAbsent(t.elementType(), k -> new long[3]);
            acc[0]++;
            acc[1] += t.numElements();
            acc[2] += t.byteSize();
        }
        out.printf("parameters  %,d elements, %,d bytes in %d initializers%n", g.parameterCount(), g.parameterBytes(),
                g.initializers().size());
        for (Map.Entry<ElementType, long[]> e : byType.entrySet()) {
            out.printf("  %-8s %,14d elements %,14d bytes in %d tensors%n", e.getKey(), e.getValue()[1],
                    e.getValue()[2], e.getValue()[0]);
        }
        Map<String, long[]> shapes;
        try {
            List<String> given = new java.util.ArrayList<>(inputShapes);
            if (archive != null && given.isEmpty()) {
                archive.inputShapes().forEach((k, v) -> given.add(k + "=" + String.join(",",
                        Arrays.stream(v).mapToObj(Long::toString).toList())));
            }
            shapes = InputShapes.resolve(g, model, given, batch);
        } catch (IllegalArgumentException e) {
            out.println("compiled    not compiled: " + e.getMessage());
            out.flush();
            return 0;
        }
        String what = archive != null ? "the archive's plan" : (precision == null ? Precision.FP32 : precision).toString();
        try (CompiledModel c = archive != null ? CompiledModel.compile(g, shapes, archive.plan(), archive.calibration())
                : CompiledModel.compile(g, shapes, Plan.of(precision == null ? Precision.FP32 : precision))) {
            StringBuilder in = new StringBuilder();
            shapes.forEach((k, v) -> in.append(in.length() == 0 ? "" : ", ").append(k).append(' ').append(Arrays.toString(v)));
            out.printf("compiled    %s on CPU for %s: %d operators%n", what, in, c.steps().size());
            out.printf("  after the passes: %s%n", new TreeMap<>(c.graph().opCounts()));
            out.printf("MACs        %,d per run%n", c.macs());
            out.printf("weights     %,d bytes after folding, as the operators hold them%n", c.weightBytes());
            printLayerWeights(out, c);
            out.printf("peak activation bytes  %,d (%,d without buffer reuse)%n", c.peakActivationBytes(),
                    c.unsharedActivationBytes());
            if (steps) {
                out.printf("  %-4s %-28s %-20s %-8s %-28s %s%n", "#", "node", "op", "prec", "kernel", "weights held (fp32: ratio)");
                Map<String, io.frugal.graph.Node> nodes = new java.util.HashMap<>();
                for (io.frugal.graph.Node n : c.graph().nodes()) nodes.put(n.name(), n);
                java.util.Set<String> shown = new java.util.HashSet<>();
                int i = 0;
                for (StepInfo st : c.steps()) {
                    // A weighted layer's bytes go on its own operator's step (not a reorder or bit-pack).
                    io.frugal.graph.Node n = nodes.get(st.node());
                    String held = "";
                    if (n != null && n.opType().equals(st.opType()) && io.frugal.plan.Rules.isWeightedLayer(c.graph(), n)
                            && shown.add(n.name())) {
                        long fp32 = fp32Bytes(c.graph(), n), bytes = c.weightBytes(n);
                        held = String.format("%,d B (%,d: %.1fx)", bytes, fp32, bytes == 0 ? 1.0 : (double) fp32 / bytes);
                    }
                    out.println(String.format("  %-4d %-28s %-20s %-8s %-28s %s", i++, st.node(), st.opType(), st.precision(),
                            st.kernel(), held).stripTrailing());
                }
            }
        } catch (RuntimeException e) {
            out.println("compiled    not compiled in " + what + ": " + e.getMessage());
        }
        out.flush();
        return 0;
    }

    /**
     * Weighted layers (Conv, Gemm, MatMul with constant weights) per precision they run in: their
     * weight bytes as held (1-bit packed for BINARY, int8 plus scales for INT8) against fp32.
     */
    private static void printLayerWeights(PrintWriter out, CompiledModel c) {
        Map<Precision, long[]> by = new TreeMap<>(); // layers, bytes held, fp32 bytes
        for (io.frugal.graph.Node n : c.graph().nodes()) {
            if (!io.frugal.plan.Rules.isWeightedLayer(c.graph(), n)) continue;
            long fp32 = fp32Bytes(c.graph(), n);
            long[] row = by.computeIfAbsent(c.precisionOf(n), k -> new long[3]);
            row[0]++;
            row[1] += c.weightBytes(n);
            row[2] += fp32;
        }
        by.forEach((p, r) -> out.printf("  %-15s %4d layers %,12d bytes (fp32 %,d: %.1fx smaller)%n", p, r[0], r[1], r[2],
                r[1] == 0 ? 1.0 : (double) r[2] / r[1]));
    }

    /** A node's constant inputs as fp32 bytes (what it would hold unquantized). */
    private static long fp32Bytes(Graph g, io.frugal.graph.Node n) {
        long fp32 = 0;
        for (String in : new java.util.LinkedHashSet<>(n.inputs())) {
            ConstantTensor t = g.initializers().get(in);
            if (t != null) fp32 += t.byteSize();
        }
        return fp32;
    }
}
