package io.frugal.graph;

import java.util.Map;

/**
 * Multiply-accumulates of one run of a graph with static shapes: convolutions, transposed
 * convolutions and matrix products (everything else is a rounding error next to them). Nodes
 * whose shapes are unknown count zero.
 */
public final class MacCount {
    private MacCount() {}

    public static long of(Graph g) {
        long total = 0;
        for (Node n : g.nodes()) total += of(g, n);
        return total;
    }

    public static long of(Graph g, Node n) {
        switch (n.opType()) {
            case "Conv": {
                long[] out = shape(g, n.outputs().get(0));
                long[] w = shape(g, n.inputs().get(1));
                if (out == null || w == null) return 0;
                return ConstantTensor.numElements(out) * (ConstantTensor.numElements(w) / w[0]);
            }
            case "ConvTranspose": {
                long[] in = shape(g, n.inputs().get(0));
                long[] w = shape(g, n.inputs().get(1));
                if (in == null || w == null) return 0;
                return ConstantTensor.numElements(in) * (ConstantTensor.numElements(w) / w[0]);
            }
            case "MatMul":
            case "Gemm": {
                long[] a = shape(g, n.inputs().get(0));
                long[] out = shape(g, n.outputs().get(0));
                if (a == null || out == null || a.length == 0) return 0;
                long k = n.opType().equals("Gemm") && n.intAttr("transA", 0) != 0 ? a[0] : a[a.length - 1];
                return ConstantTensor.numElements(out) * k;
            }
            default:
                return 0;
        }
    }

    private static long[] shape(Graph g, String value) {
        Map<String, ConstantTensor> inits = g.initializers();
        if (inits.containsKey(value)) return inits.get(value).shape();
        Value v = g.valueInfos().get(value);
        if (v == null) {
            for (Value in : g.inputs()) {
                if (in.name().equals(value)) v = in;
            }
        }
        return v != null && v.isFullyKnown() ? v.shape() : null;
    }
}
