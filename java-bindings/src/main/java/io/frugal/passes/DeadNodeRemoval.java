package io.frugal.passes;

import io.frugal.graph.ConstantTensor;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.graph.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Removes nodes and initializers that no graph output depends on. */
public final class DeadNodeRemoval implements GraphPass {
    @Override
    public String name() {
        return "DeadNodeRemoval";
    }

    @Override
    public Result apply(Graph g) {
        Set<String> live = new HashSet<>();
        for (Value v : g.outputs()) {
            live.add(v.name());
        }
        List<Node> kept = new ArrayList<>();
        List<Node> nodes = g.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (n.outputs().stream().anyMatch(live::contains)) {
                kept.add(n);
                live.addAll(n.inputs());
            }
        }
        Collections.reverse(kept);
        Map<String, ConstantTensor> inits = new LinkedHashMap<>();
        g.initializers().forEach((k, v) -> {
            if (live.contains(k)) {
                inits.put(k, v);
            }
        });
        Map<String, Value> infos = new LinkedHashMap<>();
        g.valueInfos().forEach((k, v) -> {
            if (live.contains(k)) {
                infos.put(k, v);
            }
        });
        int nodesRemoved = nodes.size() - kept.size();
        int initsRemoved = g.initializers().size() - inits.size();
        Graph out = new Graph(g.name(), g.inputs(), g.outputs(), kept, inits, g.opsetImports(), infos);
        return new Result(out, nodesRemoved + initsRemoved, nodesRemoved + " nodes and " + initsRemoved
                + " initializers removed");
    }
}
