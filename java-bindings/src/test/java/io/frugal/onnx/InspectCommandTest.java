package io.frugal.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.frugal.cli.FrugalCli;
import io.frugal.models.ModelStore;
import io.frugal.models.OcrModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code frugal inspect MODEL} through FrugalCli.run. */
class InspectCommandTest {
    private static Object[] cli(String... args) {
        return io.frugal.cli.CliRun.of(args).asArray();
    }

    @Test
    void inspectsTheClsModel() throws IOException {
        Optional<String> why = ModelStore.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "real models unavailable: " + why.orElse(""));
        Path cls = ModelStore.ocr(OcrModel.CLS);
        Object[] r = cli("inspect", cls.toString());
        String out = (String) r[1];
        assertEquals(0, r[0], r[2] + "\n" + out);
        assertTrue(out.contains("ai.onnx 9"), out);
        assertTrue(Pattern.compile("(?m)^  x\\s+FLOAT\\s+\\[\\S+,3,\\S+,\\S+\\]$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  Conv\\s+53$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  BatchNormalization\\s+35$").matcher(out).find(), out);
        assertTrue(out.contains("parameters") && out.contains("bytes"), out);
        assertTrue(out.contains("compiled    FP32 on CPU for x [1, 3, 48, 192]: 84 operators"), out);
        assertTrue(out.contains("MACs        16,315,376 per run"), out);
        assertTrue(Pattern.compile("(?m)^peak activation bytes  [0-9,]+ \\([0-9,]+ without buffer reuse\\)$").matcher(out).find(), out);
        r = cli("inspect", cls.toString(), "--batch", "4", "--steps");
        out = (String) r[1];
        assertEquals(0, r[0], r[2] + "\n" + out);
        assertTrue(out.contains("MACs        65,261,504 per run"), out);
        assertTrue(Pattern.compile("(?m)^  \\d+\\s+\\S+\\s+Conv\\s+FP32\\s+onednn:\\S+\\s+[0-9,]+ B \\([0-9,]+: 1\\.0x\\)$").matcher(out).find(), out);
        assertTrue(out.contains("Reorder(NCHW->NHWC)"), "the input is converted to channels-last once: " + out);
        r = cli("inspect", cls.toString(), "--precision", "binary", "--steps");
        out = (String) r[1];
        assertEquals(0, r[0], r[2] + "\n" + out);
        java.util.regex.Matcher m = Pattern.compile("(?m)^  BINARY\\s+(\\d+) layers\\s+([0-9,]+) bytes \\(fp32 ([0-9,]+): ").matcher(out);
        assertTrue(m.find(), "weight bytes of the binarized layers: " + out);
        long held = Long.parseLong(m.group(2).replace(",", "")), fp32 = Long.parseLong(m.group(3).replace(",", ""));
        assertTrue(held * 8 < fp32, "1-bit weights (channels rounded up to 64 bits, fp32 alpha and bias): " + out);
        assertTrue(Pattern.compile("(?m)^  FP32\\s+\\d+ layers").matcher(out).find(), "depthwise convs stay FP32: " + out);
        assertTrue(Pattern.compile("(?m)^  \\d+\\s+\\S+\\s+BitPack\\s+BINARY\\s+\\S+:bitpack\\s*$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  \\d+\\s+\\S+\\s+Conv\\s+BINARY\\s+\\S+:xnor\\s+[0-9,]+ B \\([0-9,]+: (\\d+)\\.\\dx\\)$").matcher(out).find(),
                "per-layer packed weight bytes: " + out);
    }

    @Test
    void badFilesAreOneLineErrors(@TempDir Path tmp) throws IOException {
        Path garbage = tmp.resolve("garbage.onnx");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Object[] r = cli("inspect", garbage.toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).startsWith("frugal: garbage.onnx: "), (String) r[2]);
        r = cli("inspect", tmp.resolve("missing.onnx").toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("no such file"), (String) r[2]);
    }
}
