package io.frugal.plan;

import io.frugal.graph.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which precision and device each node of a graph runs in: a default, overridden by rules
 * (predicates over the node, the last matching rule wins) and by node names (strongest). Immutable;
 * build one with {@link #builder()}.
 *
 * <pre>{@code
 * Plan plan = Plan.builder().defaultPrecision(Precision.INT8)
 *         .rule("first and last conv stay fp32", n -> n.name().equals("conv0") || n.opType().equals("Gemm"), Precision.FP32)
 *         .node("p2o.Conv.7", Precision.FP32)
 *         .build();
 * }</pre>
 */
public final class Plan {
    /** A named predicate over nodes and the precision it assigns. */
    public record Rule(String description, Predicate<Node> matches, Precision precision) {
        public Rule {
            Objects.requireNonNull(description, "rule description is null");
            Objects.requireNonNull(matches, "rule predicate is null");
            Objects.requireNonNull(precision, "rule precision is null");
        }
    }

    private final Precision defaultPrecision;
    private final Device device;
    private final List<Rule> rules;
    private final Map<String, Precision> byName;

    private Plan(Builder b) {
        this.defaultPrecision = b.defaultPrecision;
        this.device = b.device;
        this.rules = List.copyOf(b.rules);
        this.byName = Map.copyOf(b.byName);
    }

    /** Every node in FP32 on the CPU. */
    public static Plan fp32() {
        return builder().build();
    }

    /** Every node in one precision on the CPU. */
    public static Plan of(Precision precision) {
        return builder().defaultPrecision(precision).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The precision node runs in: its name's entry, else the last matching rule, else the default. */
    public Precision precisionOf(Node node) {
        Precision named = byName.get(node.name());
        if (named != null) return named;
        Precision p = defaultPrecision;
        for (Rule r : rules) {
            if (r.matches().test(node)) p = r.precision();
        }
        return p;
    }

    public Device deviceOf(Node node) {
        return device;
    }

    public Precision defaultPrecision() {
        return defaultPrecision;
    }

    public Device device() {
        return device;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Node names with their own precision. */
    public Map<String, Precision> byName() {
        return byName;
    }

    /**
     * This plan with its rules applied to graph's nodes: the same default and device, and every
     * node whose precision differs from the default named. What a saved model keeps, since rules
     * are code.
     */
    public Plan resolve(io.frugal.graph.Graph graph) {
        Builder b = builder().defaultPrecision(defaultPrecision).device(device);
        for (Node n : graph.nodes()) {
            Precision p = precisionOf(n);
            if (p != defaultPrecision) b.node(n.name(), p);
        }
        return b.build();
    }

    /** A builder starting from this plan's default, device, rules and node names. */
    public Builder toBuilder() {
        Builder b = builder().defaultPrecision(defaultPrecision).device(device);
        for (Rule r : rules) b.rule(r.description(), r.matches(), r.precision());
        byName.forEach(b::node);
        return b;
    }

    /** The node names this plan names that are not in names (a typo in a plan is an error, not a no-op). */
    public List<String> unknownNodes(java.util.Set<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : byName.keySet()) {
            if (!names.contains(n)) out.add(n);
        }
        out.sort(null);
        return out;
    }

    @Override
    public String toString() {
        return "Plan{default=" + defaultPrecision + ", device=" + device + ", rules=" + rules.size() + ", nodes="
                + byName.size() + "}";
    }

    public static final class Builder {
        private Precision defaultPrecision = Precision.FP32;
        private Device device = Device.CPU;
        private final List<Rule> rules = new ArrayList<>();
        private final Map<String, Precision> byName = new LinkedHashMap<>();

        public Builder defaultPrecision(Precision p) {
            defaultPrecision = Objects.requireNonNull(p, "default precision is null");
            return this;
        }

        public Builder device(Device d) {
            device = Objects.requireNonNull(d, "device is null");
            return this;
        }

        public Builder rule(String description, Predicate<Node> matches, Precision precision) {
            rules.add(new Rule(description, matches, precision));
            return this;
        }

        public Builder node(String nodeName, Precision precision) {
            Objects.requireNonNull(nodeName, "node name is null");
            byName.put(nodeName, Objects.requireNonNull(precision, "precision for node '" + nodeName + "' is null"));
            return this;
        }

        public Plan build() {
            return new Plan(this);
        }
    }
}
