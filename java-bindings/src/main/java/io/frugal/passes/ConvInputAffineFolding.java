package io.frugal.passes;

import io.frugal.graph.ConstantTensor;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.graph.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds per-channel affine maps that directly precede a Conv into its weights and bias, in double:
 * with {@code a = x * s + t} per input channel, {@code conv_W(a) = conv_{W*s}(x) + sum(W) * t}.
 * A scale folds into any convolution (zero padding scales to zero); a shift only into one without
 * padding, since padded borders would otherwise see t where they see 0. The affine node's output
 * must feed only that conv and not be a graph output. PP-LCNet's learnable affine blocks after a
 * fused HardSwish, which {@link ConvAffineFolding} cannot reach through the activation, fold here.
 */
public final class ConvInputAffineFolding implements GraphPass {
    @Override
    public String name() {
        return "ConvInputAffineFolding";
    }

    @Override
    public Result apply(Graph g) {
        int folded = 0;
        while (true) {
            Graph next = foldOnce(g);
            if (next == null) break;
            g = next;
            folded++;
        }
        return new Result(g, folded, folded + " affine nodes folded into (or scales moved next to) the Conv after them");
    }

    /** The graph with one more affine node folded, or null when none folds. */
    private static Graph foldOnce(Graph g) {
        Map<String, List<Node>> consumers = new HashMap<>();
        for (Node n : g.nodes()) {
            for (String in : n.inputs()) {
                if (!in.isEmpty()) consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        Set<String> outputs = new HashSet<>();
        for (Value v : g.outputs()) outputs.add(v.name());
        Map<String, ConstantTensor> inits = g.initializers();
        for (Node a : g.nodes()) {
            if (!a.domain().isEmpty() || a.outputs().size() != 1 || outputs.contains(a.outputs().get(0))) continue;
            List<Node> users = consumers.getOrDefault(a.outputs().get(0), List.of());
            if (users.size() != 1) continue;
            Node conv = users.get(0);
            if (!conv.opType().equals("Conv") || !conv.domain().isEmpty() || conv.inputs().indexOf(a.outputs().get(0)) != 0
                    || SignConvRecognition.binaryInput(conv)) { // sign(s*x + t) is not an affine map of sign(x)
                continue;
            }
            ConstantTensor w = ConvAffineFolding.floatInit(inits, conv.inputs().size() > 1 ? conv.inputs().get(1) : "");
            if (w == null || w.rank() < 3) continue;
            long group = conv.intAttr("group", 1);
            long inChannels = w.shape()[1] * group;
            for (int side = 0; side < Math.min(2, a.inputs().size()); side++) {
                if (inits.containsKey(a.inputs().get(side))) continue;
                double[][] st = ConvAffineFolding.affine(a, side, inChannels, inits, g);
                if (st == null) continue;
                boolean shifts = false;
                for (double t : st[1]) shifts |= t != 0;
                if (shifts && padded(conv)) continue;
                return fold(g, a, side, conv, w, group, st[0], st[1]);
            }
        }
        return commuteScaleAndShift(g, consumers, outputs);
    }

    /**
     * {@code Add(Mul(x, s), t)} feeding a padded conv: the shift cannot fold, but the scale can
     * once it comes last, so rewrite to {@code Mul(Add(x, t / s), s)} (per channel, s nonzero); the
     * next round folds the Mul. Zero padding sees {@code s * 0} either way, so this is exact up to
     * rounding.
     */
    private static Graph commuteScaleAndShift(Graph g, Map<String, List<Node>> consumers, Set<String> outputs) {
        Map<String, ConstantTensor> inits = g.initializers();
        for (Node add : g.nodes()) {
            if (!add.opType().equals("Add") || !add.domain().isEmpty() || add.inputs().size() != 2 || add.outputs().size() != 1
                    || outputs.contains(add.outputs().get(0))) {
                continue;
            }
            List<Node> users = consumers.getOrDefault(add.outputs().get(0), List.of());
            if (users.size() != 1 || !users.get(0).opType().equals("Conv") || !padded(users.get(0))
                    || SignConvRecognition.binaryInput(users.get(0))) continue;
            for (int side = 0; side < 2; side++) {
                String m = add.inputs().get(side);
                String t = add.inputs().get(1 - side);
                ConstantTensor tc = ConvAffineFolding.floatInit(inits, t);
                List<Node> mUsers = consumers.getOrDefault(m, List.of());
                Node mul = null;
                for (Node n : g.nodes()) {
                    if (n.outputs().contains(m)) mul = n;
                }
                if (tc == null || outputs.contains(m) || mUsers.size() != 1 || mul == null || !mul.opType().equals("Mul")
                        || !mul.domain().isEmpty() || mul.inputs().size() != 2) {
                    continue;
                }
                int sSide = inits.containsKey(mul.inputs().get(1)) ? 1 : inits.containsKey(mul.inputs().get(0)) ? 0 : -1;
                if (sSide < 0 || inits.containsKey(mul.inputs().get(1 - sSide))) continue;
                ConstantTensor sc = ConvAffineFolding.floatInit(inits, mul.inputs().get(sSide));
                // Only scalars or equal shapes: then t / s is elementwise and broadcasts as t did.
                if (sc == null || !(sc.numElements() == 1 || java.util.Arrays.equals(sc.shape(), tc.shape()))) continue;
                float[] tv = tc.toFloatArray();
                float[] sv = sc.toFloatArray();
                boolean zero = false;
                for (float v : sv) zero |= v == 0;
                if (zero) continue;
                float[] shifted = new float[tv.length];
                for (int i = 0; i < tv.length; i++) shifted[i] = (float) ((double) tv[i] / sv[sc.numElements() == 1 ? 0 : i]);
                Map<String, ConstantTensor> nInits = new LinkedHashMap<>(inits);
                String tName = ConvAffineFolding.fresh(nInits, add.name() + ".commuted");
                nInits.put(tName, ConstantTensor.ofFloats(tc.shape(), shifted));
                String x = mul.inputs().get(1 - sSide);
                Node newAdd = new Node(add.name(), "Add", "", List.of(x, tName), List.of(m), add.attributes());
                Node newMul = new Node(mul.name(), "Mul", "", List.of(m, mul.inputs().get(sSide)), add.outputs(),
                        mul.attributes());
                List<Node> nodes = new ArrayList<>();
                for (Node n : g.nodes()) {
                    if (n == mul) {
                        nodes.add(newAdd);
                    } else if (n == add) {
                        nodes.add(newMul);
                    } else {
                        nodes.add(n);
                    }
                }
                return new Graph(g.name(), g.inputs(), g.outputs(), nodes, nInits, g.opsetImports(), g.valueInfos());
            }
        }
        return null;
    }

    private static boolean padded(Node conv) {
        String autoPad = conv.stringAttr("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) return true;
        for (long p : conv.intsAttr("pads", new long[0])) {
            if (p != 0) return true;
        }
        return false;
    }

    private static Graph fold(Graph g, Node a, int side, Node conv, ConstantTensor w, long group, double[] scale, double[] shift) {
        Map<String, ConstantTensor> inits = new LinkedHashMap<>(g.initializers());
        long[] ws = w.shape();
        long oc = ws[0], icPerGroup = ws[1], ocPerGroup = oc / group;
        long taps = w.numElements() / (oc * icPerGroup);
        float[] wf = w.toFloatArray();
        float[] nw = new float[wf.length];
        double[] extra = new double[(int) oc];
        for (long o = 0; o < oc; o++) {
            long g0 = (o / ocPerGroup) * icPerGroup;
            for (long i = 0; i < icPerGroup; i++) {
                int c = (int) (g0 + i);
                for (long k = 0; k < taps; k++) {
                    int at = (int) ((o * icPerGroup + i) * taps + k);
                    nw[at] = (float) (wf[at] * scale[c]);
                    extra[(int) o] += (double) wf[at] * shift[c];
                }
            }
        }
        boolean hasBias = conv.inputs().size() > 2 && !conv.inputs().get(2).isEmpty();
        ConstantTensor b = hasBias ? ConvAffineFolding.floatInit(inits, conv.inputs().get(2)) : null;
        if (hasBias && (b == null || b.numElements() != oc)) return null;
        float[] nb = new float[(int) oc];
        for (int o = 0; o < oc; o++) nb[o] = (float) ((b == null ? 0 : b.floatAt(o)) + extra[o]);
        String wName = ConvAffineFolding.fresh(inits, conv.name() + ".infold.W");
        inits.put(wName, ConstantTensor.ofFloats(ws, nw));
        String bName = ConvAffineFolding.fresh(inits, conv.name() + ".infold.B");
        inits.put(bName, ConstantTensor.ofFloats(new long[] {oc}, nb));
        Node folded = new Node(conv.name(), conv.opType(), conv.domain(), List.of(a.inputs().get(side), wName, bName),
                conv.outputs(), conv.attributes());
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n == a) continue;
            nodes.add(n == conv ? folded : n);
        }
        return new Graph(g.name(), g.inputs(), g.outputs(), nodes, inits, g.opsetImports(), g.valueInfos());
    }
}
