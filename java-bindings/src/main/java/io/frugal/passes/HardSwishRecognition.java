package io.frugal.passes;

import io.frugal.graph.Attribute;
import io.frugal.graph.ConstantTensor;
import io.frugal.graph.ElementType;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recognizes HardSwish spelled out as exporters write it for opsets before 14,
 * {@code Div(Mul(x, Clip(Add(x, 3), 0, 6)), 6)} (or {@code Mul(..., 1/6)}), and replaces the four
 * nodes with one HardSwish node, which {@link ActivationFusion} can then fuse into the conv before
 * it. The intermediate values must have no other use. Operand order of Add and Mul may be either.
 */
public final class HardSwishRecognition implements GraphPass {
    @Override
    public String name() {
        return "HardSwishRecognition";
    }

    @Override
    public Result apply(Graph g) {
        Uses uses = new Uses(g);
        Map<String, ConstantTensor> inits = g.initializers();
        long opset = g.defaultOpset();
        Map<String, Node> replace = new HashMap<>();
        Set<String> removed = new HashSet<>();
        for (Node last : g.nodes()) {
            if (!last.domain().isEmpty() || last.inputs().size() != 2 || last.outputs().size() != 1) continue;
            boolean div = last.opType().equals("Div") && scalar(inits, last.inputs().get(1), 6.0);
            boolean mulSixth = last.opType().equals("Mul") && scalar(inits, last.inputs().get(1), 1.0 / 6.0);
            if (!div && !mulSixth) continue;
            Node mul = uses.soleProducer(last.inputs().get(0));
            if (mul == null || !mul.opType().equals("Mul") || mul.inputs().size() != 2 || removed.contains(mul.name())) continue;
            for (int side = 0; side < 2; side++) {
                String x = mul.inputs().get(side);
                Node clip = uses.soleProducer(mul.inputs().get(1 - side));
                if (clip == null || !clip.opType().equals("Clip") || !isRelu6(clip, opset, inits)) continue;
                Node add = uses.soleProducer(clip.inputs().get(0));
                if (add == null || !add.opType().equals("Add") || add.inputs().size() != 2) continue;
                int xAt = add.inputs().indexOf(x);
                if (xAt < 0 || !scalar(inits, add.inputs().get(1 - xAt), 3.0)) continue;
                replace.put(last.name(), new Node(last.name(), "HardSwish", "", List.of(x), last.outputs(), Map.<String, Attribute>of()));
                removed.add(mul.name());
                removed.add(clip.name());
                removed.add(add.name());
                break;
            }
        }
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (!removed.contains(n.name())) nodes.add(replace.getOrDefault(n.name(), n));
        }
        Graph out = new Graph(g.name(), g.inputs(), g.outputs(), nodes, g.initializers(), g.opsetImports(), g.valueInfos());
        return new Result(out, replace.size(), replace.size() + " HardSwish patterns recognized");
    }

    private static boolean isRelu6(Node clip, long opset, Map<String, ConstantTensor> inits) {
        io.frugal.Activation a = ActivationFusion.activation(clip, opset, inits);
        return a != null && a.kind() == io.frugal.Activation.Kind.CLIP && a.alpha() == 0f && a.beta() == 6f;
    }

    private static boolean scalar(Map<String, ConstantTensor> inits, String name, double value) {
        ConstantTensor t = inits.get(name);
        return t != null && t.elementType() == ElementType.FLOAT && t.numElements() == 1
                && Math.abs(t.floatAt(0) - value) <= 1e-6 * Math.abs(value);
    }
}
