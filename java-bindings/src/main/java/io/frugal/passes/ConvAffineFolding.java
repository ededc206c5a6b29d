package io.frugal.passes;

import io.frugal.graph.ConstantTensor;
import io.frugal.graph.ElementType;
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
 * Folds per-channel affine maps that directly follow a Conv or ConvTranspose into its weights and
 * bias, in double precision: an inference BatchNormalization ({@code s = scale / sqrt(var + eps)},
 * {@code t = B - mean * s}), and Mul, Add, Sub ({@code x - c}) or Div ({@code x / c}) by a FLOAT
 * constant that is a scalar or one value per output channel ({@code [C,1,1]}, {@code [1,C,1,1]}).
 * With {@code y = conv(x) * s + t}: {@code W' = W * s} per output channel and {@code b' = b * s + t}.
 * The producer's output must be used only by the affine node and not be a graph output; the conv
 * takes over the affine node's output name. Chains (Conv, Mul, Add, as PP-LCNet's learnable
 * affine blocks spell it) fold completely.
 */
public final class ConvAffineFolding implements GraphPass {
    private static final Set<String> PRODUCERS = Set.of("Conv", "ConvTranspose");
    private static final Set<String> AFFINE = Set.of("BatchNormalization", "Mul", "Add", "Sub", "Div");

    @Override
    public String name() {
        return "ConvAffineFolding";
    }

    @Override
    public Result apply(Graph g) {
        int folded = 0;
        Map<String, Integer> byKind = new java.util.TreeMap<>();
        while (true) {
            Step s = foldOnce(g);
            if (s.count == 0) break;
            folded += s.count;
            s.byKind.forEach((k, v) -> byKind.merge(k, v, Integer::sum));
            g = s.graph;
        }
        return new Result(g, folded, folded + " affine nodes folded into Conv/ConvTranspose " + byKind);
    }

    private record Step(Graph graph, int count, Map<String, Integer> byKind) {}

    /** One level: each affine node whose input comes solely from a (not yet changed) conv. */
    private static Step foldOnce(Graph g) {
        Uses uses = new Uses(g);
        Map<String, ConstantTensor> inits = new LinkedHashMap<>(g.initializers());
        Map<String, Node> replace = new HashMap<>();
        Set<String> removed = new HashSet<>();
        Map<String, Integer> byKind = new HashMap<>();
        for (Node a : g.nodes()) {
            if (!AFFINE.contains(a.opType()) || !a.domain().isEmpty() || a.outputs().size() != 1) continue;
            for (int side = 0; side < Math.min(2, a.inputs().size()); side++) {
                Node conv = uses.soleProducer(a.inputs().get(side));
                if (conv == null || !PRODUCERS.contains(conv.opType()) || !conv.domain().isEmpty()
                        || replace.containsKey(conv.name()) || conv.attribute(ActivationFusion.KIND).isPresent()) {
                    continue;
                }
                long channels = outputChannels(conv, inits);
                if (channels <= 0) continue;
                double[][] st = affine(a, side, channels, inits, g);
                if (st == null) continue;
                Node folded = fold(conv, st[0], st[1], channels, inits);
                if (folded == null) continue;
                replace.put(conv.name(), new Node(conv.name(), conv.opType(), conv.domain(), folded.inputs(), a.outputs(),
                        conv.attributes()));
                removed.add(a.name());
                byKind.merge(a.opType(), 1, Integer::sum);
                break;
            }
        }
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (!removed.contains(n.name())) nodes.add(replace.getOrDefault(n.name(), n));
        }
        // Old weights may now be unused: DeadNodeRemoval drops them.
        return new Step(new Graph(g.name(), g.inputs(), g.outputs(), nodes, inits, g.opsetImports(), g.valueInfos()),
                removed.size(), byKind);
    }

    /** Output channels of a conv with constant FLOAT weights, or -1. */
    private static long outputChannels(Node conv, Map<String, ConstantTensor> inits) {
        ConstantTensor w = floatInit(inits, conv.inputs().size() > 1 ? conv.inputs().get(1) : "");
        if (w == null || w.rank() < 3) return -1;
        if (conv.opType().equals("Conv")) return w.shape()[0];
        return w.shape()[1] * conv.intAttr("group", 1);
    }

    /** The affine node as per-channel {scale, shift} applied to its input from side, or null if it is not one. */
    static double[][] affine(Node a, int side, long channels, Map<String, ConstantTensor> inits, Graph g) {
        int c = (int) channels;
        double[] scale = new double[c];
        double[] shift = new double[c];
        java.util.Arrays.fill(scale, 1);
        if (a.opType().equals("BatchNormalization")) {
            if (side != 0 || a.inputs().size() != 5 || a.intAttr("training_mode", 0) != 0) return null;
            ConstantTensor[] p = new ConstantTensor[4];
            for (int i = 0; i < 4; i++) {
                p[i] = floatInit(inits, a.inputs().get(i + 1));
                if (p[i] == null || p[i].numElements() != channels) return null;
            }
            double eps = a.floatAttr("epsilon", 1e-5f);
            for (int o = 0; o < c; o++) {
                scale[o] = p[0].floatAt(o) / Math.sqrt((double) p[3].floatAt(o) + eps);
                shift[o] = p[1].floatAt(o) - p[2].floatAt(o) * scale[o];
            }
            return new double[][] {scale, shift};
        }
        if (a.inputs().size() != 2) return null;
        String other = a.inputs().get(1 - side);
        ConstantTensor k = floatInit(inits, other);
        if (k == null || !perChannel(k, channels, g, a.inputs().get(side))) return null;
        boolean commutes = a.opType().equals("Mul") || a.opType().equals("Add");
        if (!commutes && side != 0) return null; // c - x and c / x are not affine in x per channel
        for (int o = 0; o < c; o++) {
            double v = k.floatAt(k.numElements() == 1 ? 0 : o);
            switch (a.opType()) {
                case "Mul" -> scale[o] = v;
                case "Add" -> shift[o] = v;
                case "Sub" -> shift[o] = -v;
                case "Div" -> {
                    if (v == 0) return null;
                    scale[o] = 1 / v;
                }
                default -> {
                    return null;
                }
            }
        }
        return new double[][] {scale, shift};
    }

    /** Whether k broadcast against the conv output (rank >= k's) varies only along axis 1, if at all. */
    private static boolean perChannel(ConstantTensor k, long channels, Graph g, String convOut) {
        if (k.numElements() == 1) {
            Value v = g.valueInfos().get(convOut);
            return v == null || !v.hasRank() || v.rank() >= k.rank();
        }
        if (k.numElements() != channels) return false;
        long[] s = k.shape();
        Value v = g.valueInfos().get(convOut);
        int outRank = v != null && v.hasRank() ? v.rank() : 4;
        if (s.length > outRank) return false;
        // Right-aligned against [N, C, H, W...]: the one non-1 dim must land on axis 1.
        int axis = -1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] != 1) axis = outRank - s.length + i;
        }
        return axis == 1;
    }

    /** The conv with y' = y * scale + shift folded into new weight and bias initializers. */
    private static Node fold(Node conv, double[] scale, double[] shift, long channels, Map<String, ConstantTensor> inits) {
        ConstantTensor w = floatInit(inits, conv.inputs().get(1));
        boolean hasBias = conv.inputs().size() > 2 && !conv.inputs().get(2).isEmpty();
        ConstantTensor b = hasBias ? floatInit(inits, conv.inputs().get(2)) : null;
        if (w == null || (hasBias && (b == null || b.numElements() != channels))) return null;
        float[] wf = w.toFloatArray();
        float[] nw = new float[wf.length];
        long[] ws = w.shape();
        long spatial = 1;
        for (int i = 2; i < ws.length; i++) spatial *= ws[i];
        if (conv.opType().equals("Conv")) {
            long per = wf.length / ws[0];
            for (int i = 0; i < wf.length; i++) nw[i] = (float) (wf[i] * scale[(int) (i / per)]);
        } else {
            // ConvTranspose: W [IC, OC/group, k...]; input channel ic belongs to group ic / (IC/group).
            long group = conv.intAttr("group", 1);
            long icPerGroup = ws[0] / group;
            long ocPerGroup = ws[1];
            for (int i = 0; i < wf.length; i++) {
                long ic = i / (ocPerGroup * spatial);
                long j = (i / spatial) % ocPerGroup;
                long o = (ic / icPerGroup) * ocPerGroup + j;
                nw[i] = (float) (wf[i] * scale[(int) o]);
            }
        }
        float[] nb = new float[(int) channels];
        for (int o = 0; o < channels; o++) nb[o] = (float) ((b == null ? 0 : b.floatAt(o)) * scale[o] + shift[o]);
        String wName = fresh(inits, conv.name() + ".fold.W");
        String bName = fresh(inits, conv.name() + ".fold.B");
        inits.put(wName, ConstantTensor.ofFloats(ws, nw));
        inits.put(bName, ConstantTensor.ofFloats(new long[] {channels}, nb));
        return new Node(conv.name(), conv.opType(), conv.domain(), List.of(conv.inputs().get(0), wName, bName), conv.outputs(),
                conv.attributes());
    }

    static ConstantTensor floatInit(Map<String, ConstantTensor> inits, String name) {
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
