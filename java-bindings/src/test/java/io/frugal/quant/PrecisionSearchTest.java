package io.frugal.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frugal.graph.Graph;
import io.frugal.onnx.OnnxImporter;
import io.frugal.plan.Plan;
import io.frugal.plan.Precision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The automatic plan keeps the output SQNR it is asked for with as few FP32 layers as it needs. */
class PrecisionSearchTest {
    private static final long[] SHAPE = {1, 3, 6, 6};

    private static List<Map<String, float[]>> samples(int n) {
        return io.frugal.runtime.TinyModels.samples(n, 2);
    }

    @Test
    void thresholdsChooseBetweenAllInt8SomeFp32AndAllFp32() {
        Graph g = OnnxImporter.load(io.frugal.runtime.TinyModels.convReluConv(3), "tiny.onnx").graph();
        List<Map<String, float[]>> s = samples(6);
        CalibrationTable t = new Calibrator(RangeMethod.MAX, 99.99, Progress.silent()).calibrate(g, Map.of("x", SHAPE), s);
        PrecisionSearch search = new PrecisionSearch(g, Map.of("x", SHAPE), t, s);
        Plan int8 = Plan.of(Precision.INT8);
        double all = search.sqnr(int8);
        assertTrue(all > 20 && Double.isFinite(all), "all-INT8 SQNR " + all);

        PrecisionSearch.Result easy = search.search(int8, all - 1);
        assertTrue(easy.keptFp32().isEmpty());
        assertEquals(all, easy.sqnrDb(), 1e-9);

        PrecisionSearch.Result some = search.search(int8, all + 0.5);
        assertTrue(some.sqnrDb() >= all + 0.5, some.toString());
        assertFalse(some.keptFp32().isEmpty());
        assertEquals(2, some.sensitivityDb().size(), "both convolutions are candidates");

        PrecisionSearch.Result exact = search.search(int8, 1000);
        assertEquals(2, exact.keptFp32().size());
        assertEquals(Double.POSITIVE_INFINITY, exact.sqnrDb());
    }
}
