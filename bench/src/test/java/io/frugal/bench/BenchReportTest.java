package io.frugal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    /** Trimmed from a real `-rf json` file of JMH 1.37. */
    private static final String JMH = """
            [
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "io.frugal.bench.Conv2dBenchmark.conv2d",
                    "mode" : "avgt", "threads" : 1, "forks" : 1, "jvmArgs" : [ ],
                    "jdkVersion" : "17.0.9", "vmName" : "OpenJDK 64-Bit Server VM",
                    "warmupIterations" : 1, "warmupTime" : "1 s", "measurementIterations" : 1, "measurementTime" : "1 s",
                    "params" : { "shape" : "res2a_branch2b", "layout" : "NHWC", "kernel" : "onednn" },
                    "primaryMetric" : {
                        "score" : 1.8496,
                        "scoreError" : "NaN",
                        "scoreConfidence" : [ "NaN", "NaN" ],
                        "scorePercentiles" : { "0.0" : 1.8496, "100.0" : 1.8496 },
                        "scoreUnit" : "ms/op",
                        "rawData" : [ [ 1.8496 ] ]
                    },
                    "secondaryMetrics" : { }
                },
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "io.frugal.bench.NativeCallBenchmark.noop",
                    "mode" : "avgt", "threads" : 1, "forks" : 1,
                    "primaryMetric" : { "score" : 7.25, "scoreError" : 0.5, "scoreUnit" : "ns/op", "note" : "a \\"q\\" \\u00b5" }
                }
            ]
            """;

    /** One result of the JMH JSON format: benchmark, params (shape, layout[, kernel]), score and error in ms/op. */
    private static String result(String benchmark, String shape, String layout, String kernel, double score, String error) {
        String kernelParam = kernel == null ? "" : ", \"kernel\" : \"" + kernel + "\"";
        return """
                {
                    "jmhVersion" : "1.37", "benchmark" : "io.frugal.bench.%s",
                    "mode" : "avgt", "threads" : 1, "forks" : 1, "jdkVersion" : "17.0.9", "vmName" : "OpenJDK 64-Bit Server VM",
                    "warmupIterations" : 1, "warmupTime" : "1 s", "measurementIterations" : 2, "measurementTime" : "1 s",
                    "params" : { "shape" : "%s", "layout" : "%s"%s },
                    "primaryMetric" : { "score" : %s, "scoreError" : %s, "scoreUnit" : "ms/op" }
                }
                """.formatted(benchmark, shape, layout, kernelParam, score, error);
    }

    @Test
    void jsonParsesJmhOutput() {
        List<?> runs = (List<?>) Json.parse(JMH);
        assertEquals(2, runs.size());
        Map<?, ?> metric = (Map<?, ?>) ((Map<?, ?>) runs.get(1)).get("primaryMetric");
        assertEquals(7.25, Json.number(metric.get("score")));
        assertEquals("a \"q\" \u00b5", metric.get("note"));
        assertTrue(Double.isNaN(Json.number(((Map<?, ?>) ((Map<?, ?>) runs.get(0)).get("primaryMetric")).get("scoreError"))));
    }

    @Test
    void tableHasGflopsAndFractionOfPeak() {
        BenchReport.Peak peak = new BenchReport.Peak(2, "test", 2.25, "test", 32, "test", 0);
        String table = BenchReport.report((List<?>) Json.parse(JMH), peak, false);
        // 2*64*56*56*64*9 = 231.2 MFLOP in 1.8496 ms = 125.0 GFLOPS, 87% of 144.
        assertTrue(table.contains("| Conv2dBenchmark.conv2d | 64@56x56 k3x3 res2a_branch2b | NHWC | onednn | 1.850 ± n/a | 125.0 | 87% |"),
                table);
        assertTrue(table.contains("= 144.0 GFLOPS"), table);
        assertTrue(table.contains("- NativeCallBenchmark.noop: 7.250 ± 0.500 ns/op"), table);
    }

    @Test
    void baselineGetsRatioTable() {
        String json = "[" + String.join(",",
                result("Conv2dBenchmark.conv2d", "res3a_branch2b", "NHWC", "onednn", 1.0, "0.1"),
                result("OneDnnBaselineBenchmark.conv2d", "res3a_branch2b", "NHWC", null, 1.2, "0.0"),
                result("Conv2dBenchmark.conv2d", "res3a_branch2b", "NCHW", "onednn", 2.0, "\"NaN\""),
                result("OneDnnBaselineBenchmark.conv2d", "res3a_branch2b", "NCHW", null, 1.0, "0.05"),
                result("Conv2dBenchmark.conv2d", "res4a_branch2b", "NHWC", "onednn", 1.0, "0.1")) + "]";
        BenchReport.Peak peak = new BenchReport.Peak(2, "test", 2.25, "test", 32, "test", 0);
        String table = BenchReport.report((List<?>) Json.parse(json), peak, false);
        // The baseline stays in the GFLOPS table, named as such: 2*128*28*28*128*9 = 231.2 MFLOP in 1.2 ms.
        assertTrue(table.contains("| OneDnnBaselineBenchmark.conv2d | 128@28x28 k3x3 res3a_branch2b | NHWC | oneDNN direct"
                + " | 1.200 ± 0.000 | 192.7 | 134% |"), table);
        assertTrue(table.contains("| Conv2dBenchmark.conv2d | 128@28x28 k3x3 res3a_branch2b | NHWC | onednn | 1.000 ± 0.100 |"),
                table);
        assertTrue(table.contains("| shape | layout | kernel | Frugal ms | oneDNN direct ms | Frugal / oneDNN direct (speed) |"),
                table);
        // ratio = baseline / Frugal: > 1 means Frugal is faster; errors add in quadrature (0.1 relative here).
        assertTrue(table.contains("| res3a_branch2b | NHWC | onednn | 1.000 ± 0.100 | 1.200 ± 0.000 | 1.200 ± 0.120 |"), table);
        assertTrue(table.contains("| res3a_branch2b | NCHW | onednn | 2.000 ± n/a | 1.000 ± 0.050 | 0.500 ± n/a |"), table);
        // No baseline for res4a: no ratio row.
        assertFalse(table.contains("| res4a_branch2b | NHWC |"), table);
    }

    /** One ModelBenchmark result in JMH's JSON format. */
    private static String modelResult(String model, String engine, double score, String error) {
        return """
                {
                    "jmhVersion" : "1.37", "benchmark" : "io.frugal.bench.ModelBenchmark.infer",
                    "mode" : "avgt", "threads" : 1, "forks" : 1, "jdkVersion" : "17.0.9", "vmName" : "OpenJDK 64-Bit Server VM",
                    "warmupIterations" : 1, "warmupTime" : "1 s", "measurementIterations" : 2, "measurementTime" : "1 s",
                    "params" : { "model" : "%s", "engine" : "%s" },
                    "primaryMetric" : { "score" : %s, "scoreError" : %s, "scoreUnit" : "ms/op" }
                }
                """.formatted(model, engine, score, error);
    }

    @Test
    void modelsGetFrugalOverOnnxRuntimeTimeRatio() {
        String json = "[" + String.join(",",
                modelResult("cls", "frugal", 2.0, "0.2"),
                modelResult("cls", "onnxruntime", 1.6, "0.0"),
                modelResult("det", "frugal", 300.0, "\"NaN\""),
                modelResult("det", "onnxruntime", 400.0, "4.0")) + "]";
        BenchReport.Peak peak = new BenchReport.Peak(2, "test", 2.25, "test", 32, "test", 0);
        String table = BenchReport.report((List<?>) Json.parse(json), peak, false);
        assertTrue(table.contains("| model | precision | input | Frugal ms | ONNX Runtime ms | Frugal / ORT (time) |"), table);
        // ratio = Frugal / ORT time: > 1 means Frugal is slower; errors add in quadrature (0.1 relative here).
        assertTrue(table.contains("| cls | fp32 | 1x3x48x192 | 2.000 ± 0.200 | 1.600 ± 0.000 | 1.250 ± 0.125 |"), table);
        assertTrue(table.contains("| det | fp32 | 1x3x640x640 | 300.0 ± n/a | 400.0 ± 4.0 | 0.750 ± n/a |"), table);
        assertFalse(table.contains("INT8 vs FP32"), table);
        // Not listed again among the other results, and no GFLOPS table without convolutions.
        assertFalse(table.contains("Other results"), table);
        assertFalse(table.contains("GFLOPS"), table);
    }

    @Test
    void aModelWithOneEngineHasNoRatio() {
        String json = "[" + modelResult("cls", "frugal", 2.0, "0.2") + "]";
        BenchReport.Peak peak = new BenchReport.Peak(2, "test", 2.25, "test", 32, "test", 0);
        String table = BenchReport.report((List<?>) Json.parse(json), peak, false);
        assertTrue(table.contains("| cls | fp32 | 1x3x48x192 | 2.000 ± 0.200 | - | - |"), table);
    }

    @Test
    void int8EnginesGetTheirOwnLineAndSpeedUps() {
        String json = "[" + String.join(",",
                modelResult("cls", "frugal", 2.0, "0.0"),
                modelResult("cls", "onnxruntime", 1.6, "0.0"),
                modelResult("cls", "frugal-int8", 8.0, "0.0"),
                modelResult("cls", "onnxruntime-int8", 0.8, "0.0"),
                modelResult("det", "onnxruntime", 400.0, "0.0")) + "]";
        BenchReport.Peak peak = new BenchReport.Peak(2, "test", 2.25, "test", 32, "test", 0);
        String table = BenchReport.report((List<?>) Json.parse(json), peak, false);
        assertTrue(table.contains("| cls | fp32 | 1x3x48x192 | 2.000 ± 0.000 | 1.600 ± 0.000 | 1.250 ± 0.000 |"), table);
        assertTrue(table.contains("| cls | int8 | 1x3x48x192 | 8.000 ± 0.000 | 0.8000 ± 0.0000 | 10.000 ± 0.000 |"), table);
        assertTrue(table.contains("| det | fp32 | 1x3x640x640 | - | 400.0 ± 0.0 | - |"), table);
        // FP32 ms / INT8 ms per engine: Frugal's int8 4x slower here, ORT's 2x faster; det has no int8 row.
        assertTrue(table.contains("| model | Frugal FP32 / INT8 (speed) | ONNX Runtime FP32 / INT8 (speed) |"), table);
        assertTrue(table.contains("| cls | 0.250 ± 0.000 | 2.000 ± 0.000 |"), table);
        assertFalse(table.contains("| det | -"), table);
    }

    /** One Int8ConvBenchmark result in JMH's JSON format. */
    private static String int8Result(String shape, String precision, double score, String error) {
        return """
                {
                    "jmhVersion" : "1.37", "benchmark" : "io.frugal.bench.Int8ConvBenchmark.conv",
                    "mode" : "avgt", "threads" : 1, "forks" : 1, "jdkVersion" : "17.0.9", "vmName" : "OpenJDK 64-Bit Server VM",
                    "warmupIterations" : 1, "warmupTime" : "1 s", "measurementIterations" : 2, "measurementTime" : "1 s",
                    "params" : { "shape" : "%s", "shapes" : "all", "precision" : "%s", "layout" : "NHWC", "kernel" : "auto" },
                    "primaryMetric" : { "score" : %s, "scoreError" : %s, "scoreUnit" : "ms/op" }
                }
                """.formatted(shape, precision, score, error);
    }

    @Test
    void int8GetsMacTableAndInt8OverFp32Ratios() {
        String json = "[" + String.join(",",
                int8Result("res2a_branch2b", "FP32", 2.0, "0.2"),
                int8Result("res2a_branch2b", "INT8_U8_F32", 1.0, "0.0"),
                int8Result("res2a_branch2b", "INT8_U8_U8", 4.0, "\"NaN\""),
                int8Result("conv5_1", "FP32", 1.0, "0.0"),
                int8Result("conv4_2", "INT8_U8_U8", 1.0, "0.0")) + "]";
        // fp32: 2 cores x 2.25 GHz x 32 FLOP/cycle = 144 GFLOPS = 72 GMAC/s; int8 at 2x: 144 GMAC/s.
        BenchReport.Peak peak = new BenchReport.Peak(2, "test", 2.25, "test", 32, "test", 0);
        String table = BenchReport.report((List<?>) Json.parse(json), peak, false);
        // 64*56*56*64*9 = 115.6 MMAC in 2 ms = 57.8 GMAC/s = 80% of 72; in 1 ms 115.6 = 80% of 144.
        assertTrue(table.contains("| 64@56x56 k3x3 res2a_branch2b | NHWC | FP32 | auto | 2.000 ± 0.200 | 57.8 | 80% |"), table);
        assertTrue(table.contains("| 64@56x56 k3x3 res2a_branch2b | NHWC | INT8_U8_F32 | auto | 1.000 ± 0.000 | 115.6 | 80% |"),
                table);
        // VGG names resolve too: 512*14*14*512*9 = 462.4 MMAC in 1 ms.
        assertTrue(table.contains("| 512@14x14 k3x3 conv5_1 | NHWC | FP32 | auto | 1.000 ± 0.000 | 462.4 |"), table);
        assertTrue(table.contains("peak int8 = 2 cores x 2.25 GHz x 32 MAC/cycle"), table);
        assertTrue(table.contains("| shape | layout | kernel | FP32 ms | INT8_U8_F32 ms | INT8_U8_F32 / FP32 (speed) |"
                + " INT8_U8_U8 ms | INT8_U8_U8 / FP32 (speed) |"), table);
        // ratio = FP32 / INT8 time: > 1 means int8 is faster; errors in quadrature (0.1 relative here).
        assertTrue(table.contains("| res2a_branch2b | NHWC | auto | 2.000 ± 0.200 | 1.000 ± 0.000 | 2.000 ± 0.200 |"
                + " 4.000 ± n/a | 0.500 ± n/a |"), table);
        assertTrue(table.contains("| conv5_1 | NHWC | auto | 1.000 ± 0.000 | - | - | - | - |"), table);
        // No FP32 for conv4_2: no ratio row; int8 results stay out of the fp32 GFLOPS table and the other results.
        assertFalse(table.contains("| conv4_2 | NHWC | auto |"), table);
        assertFalse(table.contains("| GFLOPS |"), table);
        assertFalse(table.contains("Other results"), table);
    }

    @Test
    void noRatioTableWithoutBaseline() {
        BenchReport.Peak peak = new BenchReport.Peak(2, "test", 2.25, "test", 32, "test", 0);
        String table = BenchReport.report((List<?>) Json.parse(JMH), peak, false);
        assertFalse(table.contains("oneDNN direct"), table);
    }

    /** One BinaryConvBenchmark result in JMH's JSON format. */
    private static String binaryResult(String shape, int batch, String precision, double score) {
        return """
                {
                    "jmhVersion" : "1.37", "benchmark" : "io.frugal.bench.BinaryConvBenchmark.conv",
                    "mode" : "avgt", "threads" : 1, "forks" : 1, "jdkVersion" : "17.0.9", "vmName" : "OpenJDK 64-Bit Server VM",
                    "warmupIterations" : 1, "warmupTime" : "1 s", "measurementIterations" : 2, "measurementTime" : "1 s",
                    "params" : { "shape" : "%s", "batch" : "%d", "precision" : "%s" },
                    "primaryMetric" : { "score" : %s, "scoreError" : 0.0, "scoreUnit" : "ms/op" }
                }
                """.formatted(shape, batch, precision, score);
    }

    @Test
    void binaryGetsSpeedRatiosAndMacsPerCycleAgainstThePopcountCeiling() {
        String json = "[" + String.join(",",
                binaryResult("res2a_branch2b", 1, "FP32", 2.0),
                binaryResult("res2a_branch2b", 1, "INT8", 1.5),
                binaryResult("res2a_branch2b", 1, "BINARY", 0.5),
                binaryResult("res2a_branch2b", 1, "BINARY_WEIGHTS", 4.0),
                binaryResult("res5a_branch2b", 8, "BINARY", 1.0)) + "]";
        BenchReport.Peak peak = new BenchReport.Peak(2, "test", 2.25, "test", 32, "test", 0);
        List<BenchReport.Row> rows = new java.util.ArrayList<>();
        for (Object o : (List<?>) Json.parse(json)) rows.add(BenchReport.row(o));
        String table = BinaryReport.table(rows, peak, "avx2");
        // 64*56*56*64*9 = 115.6 MMAC in 0.5 ms / (2.25 GHz x 2 cores) = 51 MACs/cycle/core = 40% of 128.
        assertTrue(table.contains("| 64@56x56 k3x3 res2a_branch2b | 1 | 2.000 | 1.500 | 0.500 | 4.000 | 4.0x | 3.0x | 0.5x | 51 | 40% |"),
                table);
        // Batch 8 counts eight images; missing precisions give no ratio: 924.8 MMAC in 1 ms = 206 = 161%.
        assertTrue(table.contains("| 512@7x7 k3x3 res5a_branch2b | 8 | - | - | 1.000 | - | - | - | - | 206 | 161% |"), table);
        assertTrue(table.contains("popcount ceiling for avx2: 128"), table);
        assertEquals(512, BinaryReport.popcountCeiling("avx512_vnni"));
        // Through the whole report: binary results get this table, not the fp32 GFLOPS one.
        String report = BenchReport.report((List<?>) Json.parse(json), peak, false);
        assertTrue(report.contains("binary (XNOR) vs fp32 and int8 convolution"), report);
        assertFalse(report.contains("| GFLOPS |"), report);
    }
}
