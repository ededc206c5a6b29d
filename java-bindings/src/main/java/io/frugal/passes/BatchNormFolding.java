package io.frugal.passes;

import io.frugal.graph.ConstantTensor;
import io.frugal.graph.ElementType;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds an inference BatchNormalization that directly follows a Conv (the conv output used only by
 * the BN, not a graph output, all parameters FLOAT initializers) into the conv's weights and bias,
 * in double precision: {@code s = scale / sqrt(var + eps)}, {@code W' = W * s} per output channel,
 * {@code b' = (b - mean) * s + B}. The conv takes over the BN's output name; the BN is removed.
 */
public final class BatchNormFolding implements GraphPass {
    @Override
    public String name() {
        return "BatchNormFolding";
    }

    @Override
    public Result apply(Graph g) {
        Uses uses = new Uses(g);
        Map<String, ConstantTensor> inits = new LinkedHashMap<>(g.initializers());
        Map<String, Node> replace = new HashMap<>(); // conv name -> folded conv
        java.util.Set<String> removed = new java.util.HashSet<>();
        for (Node bn : g.nodes()) {
            if (!bn.opType().equals("BatchNormalization") || !bn.domain().isEmpty() || bn.outputs().size() != 1
                    || bn.intAttr("training_mode", 0) != 0 || bn.inputs().size() != 5) {
                continue;
            }
            Node conv = uses.soleProducer(bn.inputs().get(0));
            if (conv == null || !conv.opType().equals("Conv") || !conv.domain().isEmpty()
                    || replace.containsKey(conv.name())) {
                continue;
            }
            ConstantTensor w = floatInit(inits, conv.inputs().get(1));
            ConstantTensor b = conv.inputs().size() > 2 && !conv.inputs().get(2).isEmpty()
                    ? floatInit(inits, conv.inputs().get(2)) : null;
            boolean hasBias = conv.inputs().size() > 2 && !conv.inputs().get(2).isEmpty();
            ConstantTensor[] p = new ConstantTensor[4];
            boolean ok = w != null && (b != null || !hasBias);
            for (int i = 0; i < 4 && ok; i++) {
                p[i] = floatInit(inits, bn.inputs().get(i + 1));
                ok = p[i] != null;
            }
            if (!ok) {
                continue;
            }
            long m = w.shape()[0];
            long per = w.numElements() / m;
            double eps = bn.floatAttr("epsilon", 1e-5f);
            float[] wf = w.toFloatArray();
            float[] nw = new float[wf.length];
            float[] nb = new float[(int) m];
            for (int o = 0; o < m; o++) {
                double s = p[0].floatAt(o) / Math.sqrt((double) p[3].floatAt(o) + eps);
                for (long k = 0; k < per; k++) {
                    int i = (int) (o * per + k);
                    nw[i] = (float) (wf[i] * s);
                }
                double bias = b == null ? 0 : b.floatAt(o);
                nb[o] = (float) ((bias - p[2].floatAt(o)) * s + p[1].floatAt(o));
            }
            String wName = fresh(inits, conv.name() + ".bnfold.W");
            String bName = fresh(inits, conv.name() + ".bnfold.B");
            inits.put(wName, ConstantTensor.ofFloats(w.shape(), nw));
            inits.put(bName, ConstantTensor.ofFloats(new long[] {m}, nb));
            List<String> ins = new ArrayList<>(List.of(conv.inputs().get(0), wName, bName));
            replace.put(conv.name(), new Node(conv.name(), conv.opType(), conv.domain(), ins, bn.outputs(),
                    conv.attributes()));
            removed.add(bn.name());
        }
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (!removed.contains(n.name())) {
                nodes.add(replace.getOrDefault(n.name(), n));
            }
        }
        // Old weights may now be unused: DeadNodeRemoval drops them.
        Graph out = new Graph(g.name(), g.inputs(), g.outputs(), nodes, inits, g.opsetImports(), g.valueInfos());
        return new Result(out, removed.size(), removed.size() + " BatchNormalization nodes folded into Conv");
    }

    private static ConstantTensor floatInit(Map<String, ConstantTensor> inits, String name) {
        ConstantTensor t = inits.get(name);
        return t != null && t.elementType() == ElementType.FLOAT ? t : null;
    }

    static String fresh(Map<String, ?> taken, String base) {
        String s = base;
        for (int i = 1; taken.containsKey(s); i++) {
            s = base + "." + i;
        }
        return s;
    }
}
