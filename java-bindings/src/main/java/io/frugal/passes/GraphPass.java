package io.frugal.passes;

import io.frugal.graph.Graph;

/** One graph rewrite with one job. Passes never mutate their input (graphs are immutable). */
public interface GraphPass {
    /** A short name for reports. */
    String name();

    /** The rewritten graph and a line saying what changed. */
    Result apply(Graph graph);

    /** What a pass returned: the new graph, how many things it changed, and a line describing them. */
    record Result(Graph graph, int changes, String summary) {
        public Result {
            java.util.Objects.requireNonNull(graph, "graph");
            java.util.Objects.requireNonNull(summary, "summary");
        }
    }
}
