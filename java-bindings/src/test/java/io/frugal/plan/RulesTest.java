package io.frugal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.models.ModelStore;
import io.frugal.models.OcrModel;
import io.frugal.onnx.OnnxImporter;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class RulesTest {
    @Test
    void firstAndLastLayersOfTheClsModel() throws IOException {
        Optional<String> why = ModelStore.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "real models unavailable: " + why.orElse(""));
        Graph g = OnnxImporter.load(ModelStore.ocr(OcrModel.CLS)).graph();
        Predicate<Node> edge = Rules.firstAndLastLayers(g);
        List<Node> picked = g.nodes().stream().filter(edge).toList();
        // cls: one stem conv, one classifier MatMul.
        assertEquals(2, picked.size(), picked.toString());
        assertEquals("Conv", picked.get(0).opType());
        assertEquals("MatMul", picked.get(1).opType());
        Plan p = Plan.builder().defaultPrecision(Precision.INT8).rule("first and last layers FP32", edge, Precision.FP32).build();
        assertEquals(Precision.FP32, p.precisionOf(picked.get(0)));
        assertEquals(Precision.INT8, p.precisionOf(g.nodes().stream().filter(n -> n.opType().equals("Conv")).skip(5).findFirst().get()));
    }
}
