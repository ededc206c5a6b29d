package io.frugal.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.Graph;
import io.frugal.models.ModelStore;
import io.frugal.models.OcrModel;
import io.frugal.passes.Passes;
import io.frugal.passes.ShapeInference;
import io.frugal.runtime.TinyModels;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Graphs written by {@link OnnxExporter} run in ONNX Runtime and give the original model's
 * outputs: imported graphs as they are (within 1e-5, in practice bit for bit), and graphs after
 * Frugal's passes (folded BatchNorms, fused activations written back, recognized HardSwish,
 * opset upgrades) within 1e-5 relative L2.
 */
class OnnxExporterTest {
    static final double LIMIT = 1e-5;

    static float[] random(long[] shape, long seed) {
        float[] x = new float[(int) ConstantTensor.numElements(shape)];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    /** Runs original and exported on the same input; returns the worst relative L2 over outputs. */
    static double compare(byte[] original, byte[] exported, String in, long[] shape, long seed) throws Exception {
        float[] x = random(shape, seed);
        Map<String, float[]> want;
        Map<String, float[]> got;
        try (OrtRun a = new OrtRun(original); OrtRun b = new OrtRun(exported)) {
            want = a.run(Map.of(in, x), Map.of(in, shape));
            got = b.run(Map.of(in, x), Map.of(in, shape));
        }
        assertEquals(want.keySet(), got.keySet());
        double worst = 0;
        for (String o : want.keySet()) worst = Math.max(worst, OrtRun.relativeL2(got.get(o), want.get(o)));
        return worst;
    }

    static Graph optimized(Graph g, long[] shape) {
        return Passes.standard(ShapeInference.withInputShapes(Map.of(g.inputs().get(0).name(), shape))).run(g).graph();
    }

    @Test
    void tinyModelsRoundTrip() throws Exception {
        byte[] crc = TinyModels.convReluConv(3);
        Graph g = OnnxImporter.load(crc, "crc").graph();
        long[] shape = {1, 3, 6, 6};
        assertEquals(0, compare(crc, OnnxExporter.export(g), "x", shape, 1), "as imported");
        assertTrue(compare(crc, OnnxExporter.export(optimized(g, shape)), "x", shape, 1) <= LIMIT, "optimized");

        byte[] mn = TinyModels.mobileNetLike(5);
        Graph m = OnnxImporter.load(mn, "mn").graph();
        long[] s = TinyModels.MOBILENET_LIKE_INPUT;
        assertEquals(9, OnnxExporter.toModel(m).getOpsetImport(0).getVersion());
        assertEquals(0, compare(mn, OnnxExporter.export(m), "x", s, 2), "as imported");
        Graph o = optimized(m, s);
        assertTrue(o.opCounts().containsKey("HardSwish") || o.nodes().stream()
                .anyMatch(n -> n.attribute("frugal.activation").isPresent()), o.opCounts().toString());
        for (long opset : new long[] {9, 11, 13, 14, 17}) {
            double err = compare(mn, OnnxExporter.export(o, opset), "x", s, 2);
            System.out.printf("mobileNetLike optimized at opset %d: rel L2 %.2e%n", opset, err);
            assertTrue(err <= LIMIT, "opset " + opset + ": " + err);
            assertTrue(compare(mn, OnnxExporter.export(m, opset), "x", s, 3) <= LIMIT, "imported graph at opset " + opset);
        }
    }

    @Test
    void writesWhatOtherRuntimesRead() {
        Graph o = optimized(OnnxImporter.load(TinyModels.mobileNetLike(5), "mn").graph(), TinyModels.MOBILENET_LIKE_INPUT);
        OnnxMl.ModelProto p = OnnxExporter.toModel(o, 13);
        assertEquals(7, p.getIrVersion());
        assertEquals(1, p.getOpsetImportCount());
        assertEquals(13, p.getOpsetImport(0).getVersion());
        for (OnnxMl.NodeProto n : p.getGraph().getNodeList()) {
            for (OnnxMl.AttributeProto a : n.getAttributeList()) assertFalse(a.getName().startsWith("frugal."), n.toString());
            assertFalse(n.getOpType().equals("HardSwish"), "HardSwish is opset 14");
            if (n.getOpType().equals("Clip")) assertEquals(0, n.getAttributeCount(), "Clip's bounds are inputs from 11");
        }
        assertEquals(1, p.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimValue());
        assertTrue(OnnxExporter.toModel(o, 14).getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("HardSwish")));
        assertThrows(IllegalArgumentException.class, () -> OnnxExporter.toModel(OnnxImporter.load(TinyModels.convReluConv(1), "c")
                .graph(), 11), "no downgrades");
        assertThrows(IllegalArgumentException.class, () -> OnnxExporter.toModel(o, 18));
    }

    @Test
    void clsRoundTrip() throws Exception {
        Optional<String> why = ModelStore.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "real models unavailable: " + why.orElse(""));
        byte[] original = java.nio.file.Files.readAllBytes(ModelStore.ocr(OcrModel.CLS));
        Graph g = OnnxImporter.load(original, "cls").graph();
        String in = g.inputs().get(0).name();
        long[] shape = {1, 3, 48, 192};
        double raw = compare(original, OnnxExporter.export(g), in, shape, 7);
        System.out.printf("cls as imported: rel L2 %.2e%n", raw);
        assertTrue(raw <= LIMIT, "as imported: " + raw);
        Graph o = optimized(g, shape);
        for (long opset : new long[] {9, 13, 14}) {
            double err = compare(original, OnnxExporter.export(o, opset), in, shape, 7);
            System.out.printf("cls optimized at opset %d: rel L2 %.2e%n", opset, err);
            assertTrue(err <= LIMIT, "optimized at opset " + opset + ": " + err);
        }
    }
}
