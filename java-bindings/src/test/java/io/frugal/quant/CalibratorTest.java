package io.frugal.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frugal.graph.Graph;
import io.frugal.onnx.OnnxImporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calibration over a conv + relu + conv graph: ranges seen, thresholds, u8 after ReLU, save/load. */
class CalibratorTest {
    private static final long[] SHAPE = {1, 3, 6, 6};

    private static Graph graph(long seed) {
        return OnnxImporter.load(io.frugal.runtime.TinyModels.convReluConv(seed), "tiny.onnx").graph();
    }

    private static List<Map<String, float[]>> samples(int n) {
        return io.frugal.runtime.TinyModels.samples(n, 5);
    }

    @Test
    void rangesFollowTheDataAndTheMethod() {
        Graph g = graph(1);
        CalibrationTable max = new Calibrator(RangeMethod.MAX, 99.99, Progress.silent()).calibrate(g, Map.of("x", SHAPE), samples(8));
        CalibrationTable pct = new Calibrator(RangeMethod.PERCENTILE, 99.0, Progress.silent()).calibrate(g, Map.of("x", SHAPE), samples(8));
        CalibrationTable mse = new Calibrator(RangeMethod.MSE, 99.99, Progress.silent()).calibrate(g, Map.of("x", SHAPE), samples(8));
        TensorRange relu = max.range("r");
        assertTrue(relu.unsigned(), "ReLU output is never negative: u8");
        assertTrue(relu.min() >= 0 && relu.max() > 0);
        assertEquals(relu.absMax(), relu.threshold(), 0, "MAX keeps the largest magnitude");
        assertEquals(relu.threshold() / 255, relu.scale(), 1e-12);
        TensorRange out = max.range("y");
        assertFalse(out.unsigned(), "the last conv's output has both signs: s8");
        for (String v : List.of("r", "y")) {
            assertTrue(pct.range(v).threshold() <= max.range(v).threshold() + 1e-9, v);
            assertTrue(mse.range(v).threshold() <= max.range(v).threshold() + 1e-9, v);
            assertTrue(mse.range(v).threshold() > 0, v);
        }
        assertEquals(8, max.samples());
    }

    @Test
    void savedTablesReloadAndRefuseAnotherModel(@TempDir Path tmp) throws IOException {
        Graph g = graph(1);
        CalibrationTable t = new Calibrator(RangeMethod.MSE, 99.99, Progress.silent()).calibrate(g, Map.of("x", SHAPE), samples(4));
        Path f = tmp.resolve("tiny.calib");
        t.save(f);
        CalibrationTable back = CalibrationTable.load(f);
        assertEquals(t.fingerprint(), back.fingerprint());
        assertEquals(t.method(), back.method());
        assertEquals(t.ranges(), back.ranges());
        back.checkMatches(g, f.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> back.checkMatches(graph(2), f.toString()));
        assertTrue(e.getMessage().contains("calibrate this model again"), e.getMessage());
        Files.writeString(tmp.resolve("bad.calib"), "hello\n");
        IOException io = assertThrows(IOException.class, () -> CalibrationTable.load(tmp.resolve("bad.calib")));
        assertTrue(io.getMessage().contains("not a Frugal calibration file"), io.getMessage());
    }

    @Test
    void emptySetsAndNonFiniteInputsAreRefused() {
        Graph g = graph(1);
        Calibrator c = new Calibrator(RangeMethod.MAX, 99.99, Progress.silent());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.calibrate(g, Map.of("x", SHAPE), List.of()));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        List<Map<String, float[]>> bad = samples(3);
        bad.get(2).get("x")[7] = Float.POSITIVE_INFINITY;
        e = assertThrows(IllegalArgumentException.class, () -> c.calibrate(g, Map.of("x", SHAPE), bad));
        assertTrue(e.getMessage().contains("sample 2") && e.getMessage().contains("element 7"), e.getMessage());
    }

    @Test
    void progressDrawsOnlyWhenEnabled() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(o, true, StandardCharsets.UTF_8);
        new Calibrator(RangeMethod.MAX, 99.99, Progress.to(p, true, "calibrating", 4)).calibrate(graph(1), Map.of("x", SHAPE), samples(2));
        assertTrue(o.toString(StandardCharsets.UTF_8).contains("calibrating 4/4"), o.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        new Calibrator(RangeMethod.MAX, 99.99, Progress.to(new PrintStream(quiet), false, "calibrating", 4))
                .calibrate(graph(1), Map.of("x", SHAPE), samples(2));
        assertEquals(0, quiet.size());
    }
}
