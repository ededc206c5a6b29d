package io.frugal.passes;

import io.frugal.graph.Attribute;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recognizes binary convolutions in an exported binarized network (DESIGN §3.1): a Conv whose
 * input is a Sign becomes a Conv reading Sign's input, marked {@link #BINARY_INPUT}, so the
 * compiler runs it as an XNOR-popcount convolution (the input bit-packed by sign, the weights
 * binarized with alpha = mean |W| per output channel, exact for weights already +-1) in any plan.
 * A Sign whose every reader became such a conv goes away.
 *
 * <p>One difference is stated rather than hidden: ONNX's Sign(0) is 0, the binary convolution's
 * sign(0) is +1 (a packed bit has no third state). Exported binarized models feed Sign real-valued
 * activations, where an exact 0 is rare.
 *
 * <p>Runs before {@link ConvInputAffineFolding}, which skips marked convs: it must not fold an affine map through the
 * (removed) Sign into the convolution, and after {@link ConvAffineFolding}: scaling a conv's
 * weights by s per output channel commutes with binarizing them (sign(sW) mean|sW| = s sign(W)
 * mean|W|), so BatchNorm after a binary conv folds as it does after any conv.
 */
public final class SignConvRecognition implements GraphPass {
    /** Attribute on a Conv whose input is to be binarized (the Sign it read, folded in). */
    public static final String BINARY_INPUT = "frugal.binary_input";

    /** Whether n is a Conv this pass marked. */
    public static boolean binaryInput(Node n) {
        return n.attribute(BINARY_INPUT).isPresent();
    }

    @Override
    public String name() {
        return "SignConvRecognition";
    }

    @Override
    public Result apply(Graph g) {
        Map<String, Node> signs = new HashMap<>();
        for (Node n : g.nodes()) {
            if (n.domain().isEmpty() && n.opType().equals("Sign") && n.inputs().size() == 1 && n.outputs().size() == 1) {
                signs.put(n.outputs().get(0), n);
            }
        }
        Map<String, Node> replace = new HashMap<>();
        Set<String> folded = new HashSet<>();
        Map<String, Integer> readersLeft = new HashMap<>();
        for (Node n : g.nodes()) {
            for (String in : n.inputs()) {
                if (signs.containsKey(in)) readersLeft.merge(in, 1, Integer::sum);
            }
        }
        for (Node n : g.nodes()) {
            if (!n.domain().isEmpty() || !n.opType().equals("Conv") || n.inputs().isEmpty() || binaryInput(n)) continue;
            Node sign = signs.get(n.inputs().get(0));
            if (sign == null || n.inputs().lastIndexOf(sign.outputs().get(0)) != 0) continue;
            List<String> inputs = new ArrayList<>(n.inputs());
            inputs.set(0, sign.inputs().get(0));
            Map<String, Attribute> attrs = new LinkedHashMap<>(n.attributes());
            attrs.put(BINARY_INPUT, Attribute.of(1L));
            replace.put(n.name(), new Node(n.name(), n.opType(), n.domain(), inputs, n.outputs(), attrs));
            readersLeft.merge(sign.outputs().get(0), -1, Integer::sum);
            folded.add(sign.name());
        }
        Set<String> graphOutputs = new HashSet<>();
        g.outputs().forEach(v -> graphOutputs.add(v.name()));
        List<Node> nodes = new ArrayList<>();
        int removed = 0;
        for (Node n : g.nodes()) {
            boolean deadSign = folded.contains(n.name()) && readersLeft.getOrDefault(n.outputs().get(0), 0) == 0
                    && !graphOutputs.contains(n.outputs().get(0));
            if (deadSign) {
                removed++;
                continue;
            }
            nodes.add(replace.getOrDefault(n.name(), n));
        }
        Graph out = new Graph(g.name(), g.inputs(), g.outputs(), nodes, g.initializers(), g.opsetImports(), g.valueInfos());
        return new Result(out, replace.size(), replace.size() + " Sign -> Conv pairs recognized as binary convolutions, "
                + removed + " Sign nodes removed");
    }
}
