package io.frugal.passes;

import io.frugal.graph.ConstantTensor;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.graph.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces nodes whose inputs are all initializers by initializers holding their result (shape
 * arithmetic: Shape of a statically shaped value, Gather, Slice, Concat, Unsqueeze, Squeeze, Cast,
 * Reshape, elementwise arithmetic, ...; see {@link ConstEval#OPS}). Results above
 * {@link #MAX_ELEMENTS} elements are not folded. Folded values stay in place of the node's output
 * name, so consumers are unchanged.
 */
public final class ConstantFolding implements GraphPass {
    /** Largest result folded, in elements. */
    public static final long MAX_ELEMENTS = 1 << 20;

    @Override
    public String name() {
        return "ConstantFolding";
    }

    @Override
    public Result apply(Graph g) {
        long opset = g.defaultOpset();
        Map<String, ConstantTensor> inits = new LinkedHashMap<>(g.initializers());
        Map<String, long[]> shapes = new HashMap<>();
        for (Value v : g.inputs()) {
            if (v.isFullyKnown()) {
                shapes.put(v.name(), v.shape());
            }
        }
        for (Value v : g.valueInfos().values()) {
            if (v.isFullyKnown()) {
                shapes.put(v.name(), v.shape());
            }
        }
        List<Node> kept = new ArrayList<>();
        int folded = 0;
        for (Node n : g.nodes()) {
            ConstantTensor r = n.outputs().size() == 1 ? tryFold(n, opset, inits, shapes) : null;
            if (r == null) {
                kept.add(n);
            } else {
                inits.put(n.outputs().get(0), r);
                folded++;
            }
        }
        Map<String, Value> infos = new LinkedHashMap<>(g.valueInfos());
        infos.keySet().removeAll(inits.keySet());
        Graph out = new Graph(g.name(), g.inputs(), g.outputs(), kept, inits, g.opsetImports(), infos);
        return new Result(out, folded, folded + " nodes folded into initializers");
    }

    private static ConstantTensor tryFold(Node n, long opset, Map<String, ConstantTensor> inits, Map<String, long[]> shapes) {
        boolean isShape = n.opType().equals("Shape") || n.opType().equals("Size");
        if (!n.domain().isEmpty() || !(isShape || ConstEval.OPS.contains(n.opType()))) {
            return null;
        }
        List<ShapeInference.Info> ins = new ArrayList<>();
        for (String in : n.inputs()) {
            if (in.isEmpty()) {
                ins.add(null);
            } else if (inits.containsKey(in)) {
                ConstantTensor t = inits.get(in);
                ins.add(new ShapeInference.Info(t.elementType(), t.shape(), t));
            } else if (isShape && shapes.containsKey(in)) {
                ins.add(new ShapeInference.Info(io.frugal.graph.ElementType.FLOAT, shapes.get(in), null));
            } else {
                return null;
            }
        }
        if (ins.isEmpty()) {
            return null;
        }
        try {
            return ShapeInference.inferNode(n, opset, ins, MAX_ELEMENTS).get(0).value();
        } catch (PassException e) {
            return null; // left for shape inference to report
        }
    }
}
