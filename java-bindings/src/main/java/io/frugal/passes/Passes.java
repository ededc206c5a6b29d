package io.frugal.passes;

import io.frugal.graph.Graph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A pipeline of passes run in order; {@link #run} reports what each changed. */
public final class Passes {
    private final List<GraphPass> passes;

    public Passes(List<GraphPass> passes) {
        this.passes = List.copyOf(passes);
    }

    /**
     * Shape inference, constant folding, conv affine folding (BatchNorm, Mul/Add/Sub/Div by
     * per-channel constants), HardSwish recognition, activation fusion, dead-node removal,
     * then shape inference again (so every remaining value has a static shape).
     */
    public static Passes standard(ShapeInference shapes) {
        return new Passes(List.of(shapes, new ConstantFolding(), new SignConvRecognition(), new ConvAffineFolding(), new HardSwishRecognition(),
                new ActivationFusion(), new ConvInputAffineFolding(),
                new DeadNodeRemoval(), shapes));
    }

    /** {@link #standard(ShapeInference)} binding symbolic dimension names (e.g. {@code N -> 1}). */
    public static Passes standard(Map<String, Long> dims) {
        return standard(new ShapeInference(dims, Map.of()));
    }

    public List<GraphPass> passes() {
        return passes;
    }

    /** The graph after every pass, and one result per pass. */
    public Report run(Graph g) {
        List<GraphPass.Result> results = new ArrayList<>();
        Graph cur = g;
        for (GraphPass p : passes) {
            GraphPass.Result r = p.apply(cur);
            results.add(r);
            cur = r.graph();
        }
        return new Report(cur, passes, results);
    }

    /** The outcome of a pipeline run. */
    public record Report(Graph graph, List<GraphPass> passes, List<GraphPass.Result> results) {
        public Report {
            passes = List.copyOf(passes);
            results = List.copyOf(results);
        }

        /** One line per pass: "name: summary". */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < results.size(); i++) {
                sb.append(passes.get(i).name()).append(": ").append(results.get(i).summary()).append('\n');
            }
            return sb.toString();
        }
    }
}
