package io.frugal.passes;

import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.graph.Value;
import java.util.HashMap;
import java.util.Map;

/** Use counts of value names: consumer node inputs plus graph outputs. */
final class Uses {
    private final Map<String, Integer> count = new HashMap<>();
    private final Map<String, Node> producer = new HashMap<>();
    private final java.util.Set<String> graphOutputs = new java.util.HashSet<>();

    Uses(Graph g) {
        for (Node n : g.nodes()) {
            for (String in : n.inputs()) {
                if (!in.isEmpty()) {
                    count.merge(in, 1, Integer::sum);
                }
            }
            for (String o : n.outputs()) {
                producer.put(o, n);
            }
        }
        for (Value v : g.outputs()) {
            graphOutputs.add(v.name());
        }
    }

    /** The producer of {@code value} when its only use is one consumer input and it is not a graph output. */
    Node soleProducer(String value) {
        if (graphOutputs.contains(value) || count.getOrDefault(value, 0) != 1) {
            return null;
        }
        Node p = producer.get(value);
        return p != null && p.outputs().size() == 1 ? p : null;
    }
}
