package io.frugal.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A model as Frugal's pipeline sees it: graph inputs and outputs, nodes in topological order,
 * constant initializers by name, opset versions by domain ("" is the default ONNX domain) and
 * known type information of intermediate values. Immutable (its lists and maps cannot change).
 *
 * <p>The constructor checks nothing beyond non-null; {@link #validate()} checks the structure.
 */
public final class Graph {
    private final String name;
    private final List<Value> inputs;
    private final List<Value> outputs;
    private final List<Node> nodes;
    private final Map<String, ConstantTensor> initializers;
    private final Map<String, Long> opsetImports;
    private final Map<String, Value> valueInfos;

    public Graph(String name, List<Value> inputs, List<Value> outputs, List<Node> nodes,
            Map<String, ConstantTensor> initializers, Map<String, Long> opsetImports, Map<String, Value> valueInfos) {
        this.name = Objects.requireNonNull(name, "name");
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.nodes = List.copyOf(nodes);
        this.initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
        this.opsetImports = Collections.unmodifiableMap(new LinkedHashMap<>(opsetImports));
        this.valueInfos = Collections.unmodifiableMap(new LinkedHashMap<>(valueInfos));
    }

    public String name() {
        return name;
    }

    /** Runtime inputs (initializers are not listed here). */
    public List<Value> inputs() {
        return inputs;
    }

    public List<Value> outputs() {
        return outputs;
    }

    /** Nodes in topological order (checked by {@link #validate()}). */
    public List<Node> nodes() {
        return nodes;
    }

    public Map<String, ConstantTensor> initializers() {
        return initializers;
    }

    /** Opset version per domain; "" is the default ONNX domain. */
    public Map<String, Long> opsetImports() {
        return opsetImports;
    }

    /** The default domain's opset version, or -1 if none is imported. */
    public long defaultOpset() {
        return opsetImports.getOrDefault("", -1L);
    }

    /** Known type information of intermediate values, by name. */
    public Map<String, Value> valueInfos() {
        return valueInfos;
    }

    /** Node count per op type ("domain:Op" outside the default domain), sorted by op name. */
    public Map<String, Integer> opCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Node n : nodes) {
            counts.merge(n.domain().isEmpty() ? n.opType() : n.domain() + ":" + n.opType(), 1, Integer::sum);
        }
        return counts;
    }

    /** Total elements over all initializers. */
    public long parameterCount() {
        long n = 0;
        for (ConstantTensor t : initializers.values()) {
            n += t.numElements();
        }
        return n;
    }

    /** Total bytes over all initializers. */
    public long parameterBytes() {
        long n = 0;
        for (ConstantTensor t : initializers.values()) {
            n += t.byteSize();
        }
        return n;
    }

    /**
     * Every structural problem: node names used twice, values produced twice (by two nodes, or by a
     * node and a graph input or initializer), inputs that nothing produces (dangling), cycles, nodes
     * out of topological order, and graph outputs nothing produces. Empty when the graph is sound.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Map<String, String> producer = new HashMap<>();
        for (Value v : inputs) {
            if (producer.putIfAbsent(v.name(), "graph input") != null) {
                problems.add("duplicate graph input '" + v.name() + "'");
            }
        }
        for (String w : initializers.keySet()) {
            String prev = producer.putIfAbsent(w, "initializer");
            if (prev != null && !prev.equals("initializer")) {
                problems.add("'" + w + "' is both a graph input and an initializer");
            }
        }
        Set<String> nodeNames = new HashSet<>();
        for (Node n : nodes) {
            if (!nodeNames.add(n.name())) {
                problems.add("duplicate node name: " + n.describe());
            }
            for (String o : n.outputs()) {
                String prev = producer.putIfAbsent(o, n.describe());
                if (prev != null) {
                    problems.add("duplicate output '" + o + "': produced by " + prev + " and by " + n.describe());
                }
            }
        }
        for (Node n : nodes) {
            for (String in : n.inputs()) {
                if (!in.isEmpty() && !producer.containsKey(in)) {
                    problems.add(n.describe() + ": input '" + in
                            + "' is not produced by any node, graph input or initializer");
                }
            }
        }
        for (Value v : outputs) {
            if (!producer.containsKey(v.name())) {
                problems.add("graph output '" + v.name() + "' is not produced by any node, graph input or initializer");
            }
        }
        List<String> cycle = findCycle(nodes);
        if (!cycle.isEmpty()) {
            problems.add("cycle: " + String.join(" -> ", cycle));
        } else {
            Set<String> available = new HashSet<>(producer.size());
            for (Value v : inputs) {
                available.add(v.name());
            }
            available.addAll(initializers.keySet());
            Map<String, Node> producedBy = new HashMap<>();
            for (Node n : nodes) {
                for (String o : n.outputs()) {
                    producedBy.putIfAbsent(o, n);
                }
            }
            for (Node n : nodes) {
                for (String in : n.inputs()) {
                    if (!in.isEmpty() && !available.contains(in) && producedBy.containsKey(in)) {
                        problems.add(n.describe() + " uses '" + in + "' before " + producedBy.get(in).describe()
                                + " produces it (nodes are not in topological order)");
                    }
                }
                available.addAll(n.outputs());
            }
        }
        return problems;
    }

    /**
     * Checks the structure (see {@link #problems()}).
     *
     * @return this graph
     * @throws InvalidGraphException listing every problem, each naming its node
     */
    public Graph validate() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new InvalidGraphException(name, problems);
        }
        return this;
    }

    /**
     * Nodes sorted so that every node comes after the producers of its inputs; among ready nodes,
     * the given order is kept (a graph already in order comes back unchanged). Names not produced by
     * any of the nodes (graph inputs, initializers, dangling names) are treated as available.
     *
     * @throws InvalidGraphException if the nodes form a cycle; the message names the nodes on it
     */
    public static List<Node> topologicalSort(String graphName, List<Node> nodes) {
        Map<String, Integer> producerIndex = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String o : nodes.get(i).outputs()) {
                producerIndex.putIfAbsent(o, i);
            }
        }
        int n = nodes.size();
        int[] pending = new int[n];
        List<List<Integer>> consumers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            consumers.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            Set<Integer> deps = new HashSet<>();
            for (String in : nodes.get(i).inputs()) {
                Integer p = in.isEmpty() ? null : producerIndex.get(in);
                if (p != null && deps.add(p)) {
                    consumers.get(p).add(i);
                    pending[i]++;
                }
            }
        }
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        List<Node> sorted = new ArrayList<>(n);
        while (!ready.isEmpty()) {
            int i = ready.poll();
            sorted.add(nodes.get(i));
            for (int c : consumers.get(i)) {
                if (--pending[c] == 0) {
                    ready.add(c);
                }
            }
        }
        if (sorted.size() != n) {
            throw new InvalidGraphException(graphName, List.of("cycle: " + String.join(" -> ", findCycle(nodes))));
        }
        return sorted;
    }

    /** One cycle as node descriptions (first node repeated at the end), or empty if there is none. */
    private static List<String> findCycle(List<Node> nodes) {
        Map<String, Integer> producerIndex = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String o : nodes.get(i).outputs()) {
                producerIndex.putIfAbsent(o, i);
            }
        }
        int n = nodes.size();
        // Edges point from a node to the producers of its inputs; iterative DFS with colours.
        int[] colour = new int[n]; // 0 new, 1 on stack, 2 done
        int[] parent = new int[n];
        for (int start = 0; start < n; start++) {
            if (colour[start] != 0) {
                continue;
            }
            Deque<int[]> stack = new ArrayDeque<>(); // {node, next input index}
            stack.push(new int[] {start, 0});
            colour[start] = 1;
            parent[start] = -1;
            while (!stack.isEmpty()) {
                int[] top = stack.peek();
                List<String> ins = nodes.get(top[0]).inputs();
                if (top[1] >= ins.size()) {
                    colour[top[0]] = 2;
                    stack.pop();
                    continue;
                }
                String in = ins.get(top[1]++);
                Integer p = in.isEmpty() ? null : producerIndex.get(in);
                if (p == null || colour[p] == 2) {
                    continue;
                }
                if (colour[p] == 1) {
                    List<String> cycle = new ArrayList<>();
                    for (int k = top[0]; k != p; k = parent[k]) {
                        cycle.add(nodes.get(k).describe());
                    }
                    cycle.add(nodes.get(p).describe());
                    cycle.add(0, nodes.get(p).describe()); // in data-flow order: p feeds top, ...
                    return cycle;
                }
                colour[p] = 1;
                parent[p] = top[0];
                stack.push(new int[] {p, 0});
            }
        }
        return List.of();
    }

    @Override
    public String toString() {
        return "Graph(" + name + ": " + inputs.size() + " inputs, " + outputs.size() + " outputs, " + nodes.size()
                + " nodes, " + initializers.size() + " initializers, opsets " + opsetImports + ")";
    }
}
