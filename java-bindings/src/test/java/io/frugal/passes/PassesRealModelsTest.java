package io.frugal.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.frugal.graph.Graph;
import io.frugal.graph.Value;
import io.frugal.models.ModelStore;
import io.frugal.models.OcrModel;
import io.frugal.onnx.OnnxImporter;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The standard pipeline on the three PaddleOCR models. */
class PassesRealModelsTest {
    @BeforeAll
    static void needModels() {
        Optional<String> why = ModelStore.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "real models unavailable: " + why.orElse(""));
    }

    private static Passes.Report run(OcrModel m, long... inputShape) throws IOException {
        Graph g = OnnxImporter.load(ModelStore.ocr(m)).graph();
        System.out.println(m + " before: " + g.opCounts());
        Passes.Report r = Passes.standard(ShapeInference.withInputShapes(Map.of(g.inputs().get(0).name(), inputShape)))
                .run(g);
        Graph out = r.graph();
        System.out.print(m + " " + java.util.Arrays.toString(inputShape) + "\n" + r);
        System.out.println(m + " after: " + out.opCounts() + " outputs " + out.outputs());
        assertTrue(out.problems().isEmpty(), out.problems().toString());
        for (Value v : out.outputs()) {
            assertTrue(v.isFullyKnown(), v.toString());
        }
        for (var n : out.nodes()) {
            for (String o : n.outputs()) {
                Value v = out.valueInfos().get(o);
                assertTrue(v != null && v.isFullyKnown(), n + " output " + o + " has no static shape");
            }
        }
        return r;
    }

    @Test
    void cls() throws IOException {
        for (long n : new long[] {1, 4}) {
            Passes.Report r = run(OcrModel.CLS, n, 3, 48, 192);
            assertArrayEquals(new long[] {n, 2}, r.graph().outputs().get(0).shape());
            assertEquals(0, r.graph().opCounts().getOrDefault("BatchNormalization", 0), r.graph().opCounts().toString());
            assertEquals(35, r.results().get(3).changes(), "BatchNorms folded");
            assertEquals(18, r.results().get(4).changes(), "HardSwish patterns recognized");
            assertTrue(r.results().get(5).changes() > 0, "activations fused");
            assertEquals(0, r.graph().opCounts().getOrDefault("Clip", 0), r.graph().opCounts().toString());
        }
    }

    @Test
    void det() throws IOException {
        for (long n : new long[] {1, 2}) {
            Passes.Report r = run(OcrModel.DET, n, 3, 640, 640);
            assertArrayEquals(new long[] {n, 1, 640, 640}, r.graph().outputs().get(0).shape());
            // PP-LCNet's learnable affine blocks and the head's BatchNorm after ConvTranspose fold;
            // every HardSwish is recognized and fused.
            Map<String, Integer> ops = r.graph().opCounts();
            assertEquals(0, ops.getOrDefault("BatchNormalization", 0), ops.toString());
            assertEquals(0, ops.getOrDefault("Clip", 0), ops.toString());
            assertEquals(0, ops.getOrDefault("Div", 0), ops.toString());
        }
    }

    @Test
    void rec() throws IOException {
        for (long n : new long[] {1, 4}) {
            Passes.Report r = run(OcrModel.REC, n, 3, 48, 320);
            long[] s = r.graph().outputs().get(0).shape();
            assertEquals(3, s.length, r.graph().outputs().toString());
            assertEquals(n, s[0]);
            assertEquals(40, s[1], "320 / 8 time steps");
            assertTrue(s[2] > 6000, "character classes: " + s[2]);
        }
    }
}
