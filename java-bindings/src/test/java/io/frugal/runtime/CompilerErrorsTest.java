package io.frugal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frugal.DType;
import io.frugal.Tensor;
import io.frugal.graph.Graph;
import io.frugal.onnx.OnnxImporter;
import io.frugal.passes.PassException;
import io.frugal.plan.Plan;
import io.frugal.plan.Precision;
import io.frugal.runtime.lowering.LoweringException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the compiler and sessions say about bad models, plans and inputs: a clear error, never a crash. */
class CompilerErrorsTest {
    private static Graph graph(TinyModel m) {
        return OnnxImporter.load(m.bytes(), "tiny.onnx").graph();
    }

    private static TinyModel relu() {
        return new TinyModel(13).input("x", 2, 3).node("Relu", List.of("x"), List.of("y")).output("y");
    }

    @Test
    void unknownOperatorNamesNodeOpOpsetPrecisionAndDevice() {
        Graph g = graph(new TinyModel(13).input("x", 2, 3).node("Erf", List.of("x"), List.of("y")).output("y"));
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> CompiledModel.compile(g, Map.of("x", new long[] {2, 3}), Plan.fp32()));
        String m = e.getMessage();
        assertTrue(m.contains("erf_0") && m.contains("Erf") && m.contains("opset 13"), m);
        assertTrue(e instanceof LoweringException || e instanceof PassException, e.toString());
    }

    @Test
    void missingDispatchEntryNamesPrecisionAndDevice() {
        Graph g = graph(new TinyModel(13).input("x", 2, 3).node("Erf", List.of("x"), List.of("y")).output("y"));
        LoweringException e = assertThrows(LoweringException.class,
                () -> CompiledModel.compile(g, Map.of("x", new long[] {2, 3}), Plan.of(Precision.INT8)));
        assertTrue(e.getMessage().contains("erf_0") && e.getMessage().contains("INT8") && e.getMessage().contains("CPU"),
                e.getMessage());
    }

    @Test
    void operatorsAPrecisionLacksFallBackToFp32() {
        try (CompiledModel m = CompiledModel.compile(graph(relu()), Map.of("x", new long[] {2, 3}), Plan.of(Precision.BINARY))) {
            assertEquals(Precision.FP32, m.steps().get(0).precision());
        }
    }

    @Test
    void planNamingAMissingNodeIsAnError() {
        Plan p = Plan.builder().node("no_such_node", Precision.FP32).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompiledModel.compile(graph(relu()), Map.of("x", new long[] {2, 3}), p));
        assertTrue(e.getMessage().contains("no_such_node"), e.getMessage());
    }

    @Test
    void planRulesAndNamesChoosePrecisions() {
        Plan p = Plan.builder().defaultPrecision(Precision.INT8).rule("relus stay exact", n -> n.opType().equals("Relu"), Precision.FP32)
                .build();
        try (CompiledModel m = CompiledModel.compile(graph(relu()), Map.of("x", new long[] {2, 3}), p)) {
            assertEquals(Precision.FP32, m.steps().get(0).precision());
        }
        Plan named = Plan.builder().defaultPrecision(Precision.BINARY).node("relu_0", Precision.FP32).build();
        try (CompiledModel m = CompiledModel.compile(graph(relu()), Map.of("x", new long[] {2, 3}), named)) {
            assertEquals(Precision.FP32, m.steps().get(0).precision());
        }
    }

    @Test
    void wrongInputShapeDtypeAndNameAreRefused() {
        try (CompiledModel m = CompiledModel.compile(graph(relu()), Map.of("x", new long[] {2, 3}), Plan.fp32());
             Session s = m.newSession();
             Tensor wrongShape = Tensor.allocate(DType.F32, 3, 2);
             Tensor wrongType = Tensor.allocate(DType.S32, 2, 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.run(Map.of("x", wrongShape)));
            assertTrue(e.getMessage().contains("[3, 2]") && e.getMessage().contains("[2, 3]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> s.run(Map.of("x", wrongType)));
            assertTrue(e.getMessage().contains("S32"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> s.runArrays(Map.of("x", new float[5])));
            assertTrue(e.getMessage().contains("5 values"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> s.runArrays(Map.of("y", new float[6])));
            assertTrue(e.getMessage().contains("no input 'y'"), e.getMessage());
        }
    }

    @Test
    void unboundDynamicInputIsRefusedByName() {
        TinyModel m = new TinyModel(13).input("x", 2, 3).node("Relu", List.of("x"), List.of("y")).output("y");
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> CompiledModel.compile(graph(m), Map.of("x", new long[] {2, 4, 5}), Plan.fp32()));
        assertTrue(e.getMessage().contains("x"), e.getMessage());
    }

    @Test
    void closedSessionAndModelAreRefused() {
        CompiledModel m = CompiledModel.compile(graph(relu()), Map.of("x", new long[] {2, 3}), Plan.fp32());
        Session s = m.newSession();
        s.close();
        assertThrows(IllegalStateException.class, s::run);
        m.close();
        assertThrows(IllegalStateException.class, m::newSession);
    }

    @Test
    void bufferReuseKeepsLiveValuesApart() {
        // A chain of 6 Relus needs two buffers plus input and output, not 7.
        TinyModel chain = new TinyModel(13).input("x", 64, 64);
        String prev = "x";
        for (int i = 0; i < 6; i++) {
            String next = i == 5 ? "y" : "r" + i;
            chain.node("Sigmoid", List.of(prev), List.of(next));
            prev = next;
        }
        chain.output("y");
        try (CompiledModel m = CompiledModel.compile(graph(chain), Map.of("x", new long[] {64, 64}), Plan.fp32());
             Session s = m.newSession()) {
            assertEquals(6, m.steps().size());
            assertEquals(7L * 64 * 64 * 4, m.unsharedActivationBytes());
            assertTrue(m.peakActivationBytes() <= 4L * 64 * 64 * 4, "arena " + m.peakActivationBytes());
            float[] x = new float[64 * 64];
            for (int i = 0; i < x.length; i++) x[i] = (i % 17) - 8;
            float[] y = s.runArrays(Map.of("x", x)).get("y");
            for (int i = 0; i < x.length; i++) {
                double v = x[i];
                for (int k = 0; k < 6; k++) v = 1 / (1 + Math.exp(-v));
                assertEquals(v, y[i], 1e-6);
            }
        }
    }
}
