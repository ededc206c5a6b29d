package io.frugal.graph;

import java.util.HashSet;
import java.util.Set;

/**
 * The names a graph already uses (initializers, inputs, outputs, node names, every value a node
 * reads or writes) and fresh ones for what a rewrite adds: {@link #unique} appends underscores
 * until the name is free, and takes it.
 */
public final class GraphNames {
    private final Set<String> taken = new HashSet<>();

    public GraphNames(Graph g) {
        taken.addAll(g.initializers().keySet());
        for (Value v : g.inputs()) taken.add(v.name());
        for (Value v : g.outputs()) taken.add(v.name());
        for (Node n : g.nodes()) {
            taken.add(n.name());
            taken.addAll(n.inputs());
            taken.addAll(n.outputs());
        }
    }

    /** base, or base followed by as many underscores as make it unused; the name is taken from now on. */
    public String unique(String base) {
        String s = base;
        while (!taken.add(s)) s = s + "_";
        return s;
    }
}
