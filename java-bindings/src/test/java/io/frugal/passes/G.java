package io.frugal.passes;

import io.frugal.graph.Attribute;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.graph.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tiny graph builders for pass tests. */
final class G {
    private G() {
    }

    static Node node(String name, String op, List<String> ins, List<String> outs, Object... kv) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            a.put((String) kv[i], (Attribute) kv[i + 1]);
        }
        return new Node(name, op, ins, outs, a);
    }

    static Graph graph(long opset, List<Value> in, List<Value> out, List<Node> nodes, Map<String, ConstantTensor> inits) {
        return new Graph("t", in, out, nodes, inits, Map.of("", opset), Map.of());
    }
}
