package io.frugal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code frugal quantize}: calibrate from .npy files, report, write an archive that {@code run} loads. */
class QuantizeCommandTest {
    private static Path tinyModel(Path dir) throws IOException {
        Path m = dir.resolve("tiny.onnx");
        Files.write(m, io.frugal.runtime.TinyModels.convReluConv(2));
        return m;
    }

    private static Path calibDir(Path dir, int files) throws IOException {
        Path c = dir.resolve("calib");
        Files.createDirectories(c);
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < files; i++) {
            float[] x = new float[3 * 36];
            for (int k = 0; k < x.length; k++) x[k] = (float) (r.nextDouble() * 2 - 1);
            new NpyFile(new long[] {1, 3, 6, 6}, x).write(c.resolve(String.format("%03d.npy", i)));
        }
        return c;
    }

    @Test
    void quantizesReportsAndWritesAnArchiveRunLoads(@TempDir Path tmp) throws IOException {
        Path model = tinyModel(tmp);
        Path out = tmp.resolve("tiny.frugal");
        CliRun r = CliRun.of("quantize", model.toString(), "--calib", calibDir(tmp, 5).toString(), "--out", out.toString(), "--report",
                "--runs", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("calibrated  5 runs, mse"), r.out());
        assertTrue(r.out().contains("INT8") && r.out().contains("SQNR"), r.out());
        assertTrue(r.out().contains("output 'y' SQNR vs FP32"), r.out());
        assertTrue(r.out().contains("the calibration set itself"), r.out());
        assertTrue(Files.size(out) > 0);

        CliRun run = CliRun.of("run", out.toString(), "--random", "--runs", "2");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("INT8"), run.out());
        CliRun inspect = CliRun.of("inspect", out.toString(), "--steps");
        assertEquals(0, inspect.code(), inspect.err());
        assertTrue(inspect.out().contains("the archive's plan") && inspect.out().contains("INT8"), inspect.out());
        CliRun both = CliRun.of("run", out.toString(), "--random", "--precision", "fp32");
        assertNotEquals(0, both.code());
        assertTrue(both.err().contains("keeps the plan"), both.err());
    }

    @Test
    void autoSqnrKeepsLayersInFp32WhenAskedForMore(@TempDir Path tmp) throws IOException {
        CliRun r = CliRun.of("quantize", tinyModel(tmp).toString(), "--calib", calibDir(tmp, 4).toString(), "--out",
                tmp.resolve("a.frugal").toString(), "--auto-sqnr", "200");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("auto plan") && r.out().contains("2 layer(s) kept in FP32"), r.out());
    }

    @Test
    void badCalibrationInputsAreClearErrors(@TempDir Path tmp) throws IOException {
        Path model = tinyModel(tmp);
        Path empty = tmp.resolve("empty");
        Files.createDirectories(empty);
        CliRun r = CliRun.of("quantize", model.toString(), "--calib", empty.toString(), "--out", tmp.resolve("x.frugal").toString());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("calibration set is empty"), r.err());

        r = CliRun.of("quantize", model.toString(), "--rendered", "4", "--out", tmp.resolve("x.frugal").toString());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("--calib DIR"), r.err());

        Path nan = tmp.resolve("nan");
        Files.createDirectories(nan);
        float[] x = new float[3 * 36];
        x[5] = Float.NaN;
        new NpyFile(new long[] {1, 3, 6, 6}, x).write(nan.resolve("0.npy"));
        r = CliRun.of("quantize", model.toString(), "--calib", nan.toString(), "--out", tmp.resolve("x.frugal").toString());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("NaN"), r.err());
    }
}
