package io.frugal.passes;

import io.frugal.Activation;
import io.frugal.graph.Attribute;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuses Relu, Clip, LeakyRelu, HardSigmoid, HardSwish, Sigmoid and Tanh into a directly preceding
 * Conv, ConvTranspose, Gemm or MatMul whose output is used only by the activation and is not a graph output. The
 * producer gets attributes {@value #KIND} (an {@link Activation.Kind} name), {@value #ALPHA} and
 * {@value #BETA} (as in {@link Activation}: LeakyRelu is RELU with alpha = slope; Clip's alpha and
 * beta are min and max) and takes over the activation's output name; the activation node goes.
 */
public final class ActivationFusion implements GraphPass {
    public static final String KIND = "frugal.activation";
    public static final String ALPHA = "frugal.activation.alpha";
    public static final String BETA = "frugal.activation.beta";

    private static final Set<String> PRODUCERS = Set.of("Conv", "ConvTranspose", "Gemm", "MatMul");

    @Override
    public String name() {
        return "ActivationFusion";
    }

    /** The activation fused into a node, or {@link Activation#none()}. */
    public static Activation fused(Node n) {
        if (n.attribute(KIND).isEmpty()) {
            return Activation.none();
        }
        return new Activation(Activation.Kind.valueOf(n.stringAttr(KIND, "NONE")), n.floatAttr(ALPHA, 0),
                n.floatAttr(BETA, 0));
    }

    @Override
    public Result apply(Graph g) {
        Uses uses = new Uses(g);
        long opset = g.defaultOpset();
        Map<String, Node> replace = new HashMap<>();
        java.util.Set<String> removed = new java.util.HashSet<>();
        for (Node act : g.nodes()) {
            if (!act.domain().isEmpty() || act.outputs().size() != 1 || act.inputs().isEmpty()) {
                continue;
            }
            Activation a = activation(act, opset, g.initializers());
            if (a == null) {
                continue;
            }
            Node p = uses.soleProducer(act.inputs().get(0));
            if (p == null || !p.domain().isEmpty() || !PRODUCERS.contains(p.opType()) || p.attribute(KIND).isPresent()
                    || replace.containsKey(p.name())) {
                continue;
            }
            if (p.opType().equals("MatMul") && (p.inputs().size() < 2 || !g.initializers().containsKey(p.inputs().get(1)))) {
                continue; // a product of two run-time operands has no fused activation
            }
            Map<String, Attribute> attrs = new LinkedHashMap<>(p.attributes());
            attrs.put(KIND, Attribute.of(a.kind().name()));
            attrs.put(ALPHA, Attribute.of(a.alpha()));
            attrs.put(BETA, Attribute.of(a.beta()));
            replace.put(p.name(), new Node(p.name(), p.opType(), p.domain(), p.inputs(), act.outputs(), attrs));
            removed.add(act.name());
        }
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (!removed.contains(n.name())) {
                nodes.add(replace.getOrDefault(n.name(), n));
            }
        }
        Graph out = new Graph(g.name(), g.inputs(), g.outputs(), nodes, g.initializers(), g.opsetImports(),
                g.valueInfos());
        return new Result(out, removed.size(), removed.size() + " activations fused");
    }

    /** The node as an Activation, or null if it is none (or a Clip with non-constant bounds). */
    public static Activation activation(Node n, long opset, Map<String, ConstantTensor> inits) {
        switch (n.opType()) {
            case "Relu": return Activation.relu();
            case "LeakyRelu": return Activation.leakyRelu(n.floatAttr("alpha", 0.01f));
            case "Sigmoid": return Activation.sigmoid();
            case "Tanh": return Activation.tanh();
            case "HardSigmoid": return Activation.hardSigmoid(n.floatAttr("alpha", 0.2f), n.floatAttr("beta", 0.5f));
            case "HardSwish": return Activation.hardSwish();
            case "Clip": {
                float lo = -Float.MAX_VALUE;
                float hi = Float.MAX_VALUE;
                if (opset < 11) {
                    lo = n.floatAttr("min", lo);
                    hi = n.floatAttr("max", hi);
                } else {
                    List<String> in = n.inputs();
                    if (in.size() > 1 && !in.get(1).isEmpty()) {
                        ConstantTensor t = inits.get(in.get(1));
                        if (t == null || t.numElements() != 1) {
                            return null;
                        }
                        lo = t.floatAt(0);
                    }
                    if (in.size() > 2 && !in.get(2).isEmpty()) {
                        ConstantTensor t = inits.get(in.get(2));
                        if (t == null || t.numElements() != 1) {
                            return null;
                        }
                        hi = t.floatAt(0);
                    }
                }
                return lo <= hi ? Activation.clip(lo, hi) : null;
            }
            default: return null;
        }
    }
}
