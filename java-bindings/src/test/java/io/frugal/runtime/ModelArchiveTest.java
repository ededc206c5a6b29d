package io.frugal.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frugal.graph.Graph;
import io.frugal.onnx.OnnxImporter;
import io.frugal.plan.Plan;
import io.frugal.plan.Precision;
import io.frugal.plan.Rules;
import io.frugal.quant.CalibrationTable;
import io.frugal.quant.Calibrator;
import io.frugal.quant.Progress;
import io.frugal.quant.RangeMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A calibrated, compiled model saved and loaded: the same plan, ranges and outputs, bit for bit. */
class ModelArchiveTest {
    private static final long[] SHAPE = {1, 3, 6, 6};

    private static List<Map<String, float[]>> samples(int n, long seed) {
        return TinyModels.samples(n, seed);
    }

    @Test
    void saveAndLoadGiveIdenticalOutputs(@TempDir Path dir) throws IOException {
        byte[] onnx = TinyModels.convReluConv(6);
        Graph g = OnnxImporter.load(onnx, "tiny.onnx").graph();
        CalibrationTable t = new Calibrator(RangeMethod.PERCENTILE, 99.9, Progress.silent()).calibrate(g, Map.of("x", SHAPE), samples(4, 1));
        // A rule (code) and a name: the archive keeps what they resolved to.
        Plan plan = Plan.builder().defaultPrecision(Precision.INT8).rule("last layer", Rules.firstAndLastLayers(g).and(
                n -> n.inputs().get(0).equals("r")), Precision.FP32).build();
        Path file = dir.resolve("tiny.frugal");
        float[] before, after;
        float[] x = samples(1, 9).get(0).get("x");
        List<StepInfo> stepsBefore;
        try (CompiledModel m = CompiledModel.compile(g, Map.of("x", SHAPE), plan, t); Session s = m.newSession()) {
            before = s.runArrays(Map.of("x", x)).get("y");
            stepsBefore = m.steps();
            ModelArchive.of(onnx, "tiny.onnx", m, t).save(file);
        }
        ModelArchive loaded = ModelArchive.load(file);
        assertEquals(t.toLines(), loaded.calibration().toLines());
        assertArrayEquals(SHAPE, loaded.inputShapes().get("x"));
        try (CompiledModel m = loaded.compile(); Session s = m.newSession()) {
            after = s.runArrays(Map.of("x", x)).get("y");
            assertEquals(stepsBefore, m.steps());
        }
        assertArrayEquals(before, after);
    }

    @Test
    void damagedOrForeignFilesAreRefused(@TempDir Path dir) throws IOException {
        Path notZip = dir.resolve("x.frugal");
        Files.writeString(notZip, "hello");
        IOException e = assertThrows(IOException.class, () -> ModelArchive.load(notZip));
        assertTrue(e.getMessage().contains("not a Frugal model archive"), e.getMessage());

        byte[] onnx = TinyModels.convReluConv(6);
        Graph g = OnnxImporter.load(onnx, "tiny.onnx").graph();
        Path good = dir.resolve("good.frugal");
        try (CompiledModel m = CompiledModel.compile(g, Map.of("x", SHAPE), Plan.fp32())) {
            ModelArchive.of(onnx, "tiny.onnx", m, null).save(good);
        }
        try (CompiledModel m = ModelArchive.load(good).compile()) {
            assertEquals(Precision.FP32, m.steps().get(0).precision());
        }
        // Another model's bytes under this manifest: the checksum catches it.
        Path swapped = dir.resolve("swapped.frugal");
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(good));
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(swapped))) {
            for (java.util.zip.ZipEntry z; (z = in.getNextEntry()) != null; ) {
                out.putNextEntry(new java.util.zip.ZipEntry(z.getName()));
                out.write(z.getName().equals("model.onnx") ? TinyModels.convReluConv(7) : in.readAllBytes());
                out.closeEntry();
            }
        }
        e = assertThrows(IOException.class, () -> ModelArchive.load(swapped));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }
}
