package io.frugal.passes;

import io.frugal.Activation;
import io.frugal.graph.Attribute;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.graph.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inverse of {@link ActivationFusion}: a node carrying a fused activation (its
 * {@value ActivationFusion#KIND} attributes) becomes the node without them, writing
 * the pre-activation value, followed by the activation as a standard
 * ONNX node writing the original output. What other tools need that read Frugal's optimized
 * graphs: ONNX Runtime refuses attributes it does not know, and a quantizer needs the
 * pre-activation value to place a QuantizeLinear after the producer.
 *
 * <p>Names are deterministic: the pre-activation value is {@code <output>.preact} (with {@code _}
 * appended while that name is taken), the activation node {@code <producer>.act}; the same graph
 * always unfuses to the same names. The activation node uses the graph's default opset: Clip's
 * bounds are attributes below opset 11 and initializers from it on; HardSwish is written as
 * HardSwish whatever the opset (below 14 {@link io.frugal.onnx.OnnxExporter} expands it).
 */
public final class ActivationUnfusion implements GraphPass {
    /** The suffix of pre-activation value names. */
    public static final String PREACT_SUFFIX = ".preact";

    @Override
    public String name() {
        return "ActivationUnfusion";
    }

    @Override
    public Result apply(Graph g) {
        Set<String> taken = names(g);
        long opset = g.defaultOpset();
        Map<String, ConstantTensor> inits = new LinkedHashMap<>(g.initializers());
        Map<String, Value> infos = new LinkedHashMap<>(g.valueInfos());
        List<Node> nodes = new ArrayList<>();
        int unfused = 0;
        for (Node n : g.nodes()) {
            Activation a = ActivationFusion.fused(n);
            if (n.attribute(ActivationFusion.KIND).isEmpty()) {
                nodes.add(n);
                continue;
            }
            Map<String, Attribute> attrs = new LinkedHashMap<>(n.attributes());
            attrs.remove(ActivationFusion.KIND);
            attrs.remove(ActivationFusion.ALPHA);
            attrs.remove(ActivationFusion.BETA);
            String y = n.outputs().get(0);
            if (a.kind() == Activation.Kind.NONE) {
                nodes.add(new Node(n.name(), n.opType(), n.domain(), n.inputs(), n.outputs(), attrs));
                continue;
            }
            String pre = unique(taken, y + PREACT_SUFFIX);
            List<String> outs = new ArrayList<>(n.outputs());
            outs.set(0, pre);
            nodes.add(new Node(n.name(), n.opType(), n.domain(), n.inputs(), outs, attrs));
            Value info = g.valueInfos().get(y);
            if (info != null && info.hasRank()) infos.put(pre, Value.of(pre, info.elementType(), info.shape(), info.dimNames()));
            nodes.add(activationNode(unique(taken, n.name() + ".act"), a, pre, y, opset, inits, taken));
            unfused++;
        }
        Graph out = new Graph(g.name(), g.inputs(), g.outputs(), nodes, inits, g.opsetImports(), infos);
        return new Result(out, unfused, unfused + " fused activations written out as ONNX nodes");
    }

    /** The activation as one default-domain node from x to y; constants it needs go into inits. */
    static Node activationNode(String name, Activation a, String x, String y, long opset, Map<String, ConstantTensor> inits,
                               Set<String> taken) {
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        List<String> in = new ArrayList<>(List.of(x));
        String op;
        switch (a.kind()) {
            case RELU -> {
                if (a.alpha() == 0f) {
                    op = "Relu";
                } else {
                    op = "LeakyRelu";
                    attrs.put("alpha", Attribute.of(a.alpha()));
                }
            }
            case CLIP -> {
                op = "Clip";
                if (opset < 11) {
                    attrs.put("min", Attribute.of(a.alpha()));
                    attrs.put("max", Attribute.of(a.beta()));
                } else {
                    String lo = unique(taken, name + ".min");
                    String hi = unique(taken, name + ".max");
                    inits.put(lo, ConstantTensor.ofFloats(new long[0], a.alpha()));
                    inits.put(hi, ConstantTensor.ofFloats(new long[0], a.beta()));
                    in.add(lo);
                    in.add(hi);
                }
            }
            case SIGMOID -> op = "Sigmoid";
            case HARD_SIGMOID -> {
                op = "HardSigmoid";
                attrs.put("alpha", Attribute.of(a.alpha()));
                attrs.put("beta", Attribute.of(a.beta()));
            }
            case HARD_SWISH -> op = "HardSwish";
            case TANH -> op = "Tanh";
            case SQRT -> op = "Sqrt";
            case EXP -> op = "Exp";
            case ABS -> op = "Abs";
            case NEG -> op = "Neg";
            case POW -> {
                op = "Pow";
                String e = unique(taken, name + ".exponent");
                inits.put(e, ConstantTensor.ofFloats(new long[0], a.alpha()));
                in.add(e);
            }
            default -> throw new IllegalArgumentException("no ONNX node for activation " + a);
        }
        return new Node(name, op, "", in, List.of(y), attrs);
    }

    /** Every node, value and initializer name of the graph. */
    static Set<String> names(Graph g) {
        Set<String> taken = new HashSet<>(g.initializers().keySet());
        for (Value v : g.inputs()) taken.add(v.name());
        for (Value v : g.outputs()) taken.add(v.name());
        for (Node n : g.nodes()) {
            taken.add(n.name());
            taken.addAll(n.inputs());
            taken.addAll(n.outputs());
        }
        return taken;
    }

    /** base, or base with '_' appended until it is free; the result is marked taken. */
    static String unique(Set<String> taken, String base) {
        String s = base;
        while (!taken.add(s)) s = s + "_";
        return s;
    }
}
