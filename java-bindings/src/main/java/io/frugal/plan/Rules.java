package io.frugal.plan;

import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Ready-made node predicates for {@link Plan.Builder#rule}: the usual ways to keep the layers that
 * quantize worst in full precision.
 */
public final class Rules {
    private static final Set<String> WEIGHTED = Set.of("Conv", "ConvTranspose", "Gemm", "MatMul");

    private Rules() {}

    /** Conv, ConvTranspose, Gemm and MatMul nodes whose weights are constants (the layers that carry arithmetic). */
    public static boolean isWeightedLayer(Graph g, Node n) {
        return n.domain().isEmpty() && WEIGHTED.contains(n.opType()) && n.inputs().size() > 1
                && g.initializers().containsKey(n.inputs().get(1));
    }

    /**
     * The first and last weighted layers of a graph: those with no weighted layer between them and
     * a graph input, and those with none between them and a graph output. Branches count
     * separately, so a network with two heads has two last layers.
     */
    public static Predicate<Node> firstAndLastLayers(Graph g) {
        List<Node> nodes = g.nodes();
        Map<String, Boolean> weightedBefore = new HashMap<>();
        Set<String> first = new HashSet<>();
        for (Node n : nodes) {
            boolean before = false;
            for (String in : n.inputs()) before |= weightedBefore.getOrDefault(in, false);
            boolean weighted = isWeightedLayer(g, n);
            if (weighted && !before) first.add(n.name());
            for (String out : n.outputs()) weightedBefore.put(out, before || weighted);
        }
        Map<String, Boolean> weightedAfter = new HashMap<>();
        Set<String> last = new HashSet<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            boolean after = false;
            for (String out : n.outputs()) after |= weightedAfter.getOrDefault(out, false);
            boolean weighted = isWeightedLayer(g, n);
            if (weighted && !after) last.add(n.name());
            for (String in : n.inputs()) weightedAfter.merge(in, after || weighted, Boolean::logicalOr);
        }
        Set<String> both = new HashSet<>(first);
        both.addAll(last);
        return n -> both.contains(n.name());
    }
}
