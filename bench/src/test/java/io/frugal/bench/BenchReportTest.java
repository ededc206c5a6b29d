package io.frugal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
