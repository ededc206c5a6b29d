package io.frugal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.frugal.models.ModelStore;
import io.frugal.models.OcrModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code frugal run} and the .npy files it reads and writes. */
class RunCommandTest {
    private static Object[] cli(String... args) {
        return io.frugal.cli.CliRun.of(args).asArray();
    }

    private static Path cls() throws IOException {
        Optional<String> why = ModelStore.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "real models unavailable: " + why.orElse(""));
        return ModelStore.ocr(OcrModel.CLS);
    }

    @Test
    void npyRoundTripsShapesAndValues(@TempDir Path tmp) throws IOException {
        for (long[] shape : new long[][] {{}, {5}, {2, 3}, {1, 3, 4, 2}}) {
            int n = 1;
            for (long d : shape) n *= (int) d;
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = i * 0.5f - 1;
            Path f = tmp.resolve("a" + shape.length + ".npy");
            new NpyFile(shape, v).write(f);
            NpyFile back = NpyFile.read(f);
            assertArrayEquals(shape, back.shape());
            assertArrayEquals(v, back.data());
            assertEquals(0, (Files.size(f) - 4L * n) % 64, "data starts on a 64-byte boundary");
        }
        Files.write(tmp.resolve("bad.npy"), new byte[] {1, 2, 3});
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> NpyFile.read(tmp.resolve("bad.npy")));
        assertTrue(e.getMessage().contains("not a .npy file"), e.getMessage());
    }

    @Test
    void runsTheClsModelOnRandomInputAndOnANpyFile(@TempDir Path tmp) throws IOException {
        Path model = cls();
        Object[] r = cli("run", model.toString(), "--random", "--batch", "2", "--runs", "2", "--output-dir", tmp.toString());
        String out = (String) r[1];
        assertEquals(0, r[0], r[2] + "\n" + out);
        assertTrue(out.contains("input       x [2, 3, 48, 192] (random)"), out);
        assertTrue(out.contains("output      softmax_0.tmp_0 [2, 2]"), out);
        assertTrue(out.contains("latency     median"), out);
        NpyFile written = NpyFile.read(tmp.resolve("softmax_0.tmp_0.npy"));
        assertArrayEquals(new long[] {2, 2}, written.shape());
        assertEquals(1.0, written.data()[0] + written.data()[1], 1e-5, "softmax rows sum to 1");

        float[] x = new float[3 * 48 * 192];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.01);
        Path in = tmp.resolve("x.npy");
        new NpyFile(new long[] {1, 3, 48, 192}, x).write(in);
        r = cli("run", model.toString(), "--input", in.toString(), "--runs", "1", "--profile");
        out = (String) r[1];
        assertEquals(0, r[0], r[2] + "\n" + out);
        assertTrue(out.contains("input       x [1, 3, 48, 192]\n") || out.contains("input       x [1, 3, 48, 192]" + System.lineSeparator()), out);
        assertTrue(out.contains("profile     sum of per-operator medians"), out);
    }

    @Test
    void badArgumentsAreOneLineErrors(@TempDir Path tmp) throws IOException {
        Path model = cls();
        Object[] r = cli("run", model.toString(), "--random", "--input-shape", "y=1,3,48,192");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("--input-shape names [y]"), (String) r[2]);
        r = cli("run", model.toString(), "--random", "--precision", "int8");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("INT8"), (String) r[2]);
        r = cli("run", model.toString());
        assertEquals(2, r[0], "--input or --random is required");
    }
}
