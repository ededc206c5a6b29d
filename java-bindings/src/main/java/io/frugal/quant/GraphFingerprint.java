package io.frugal.quant;

import io.frugal.graph.ConstantTensor;
import io.frugal.graph.Graph;
import io.frugal.graph.Node;
import io.frugal.graph.Value;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * sha256 over what makes a graph compute what it computes: inputs, nodes (name, op, operands,
 * attributes) and initializers (name, type, shape, bytes). A calibration file records it, so a
 * file made for another model (or another export of it) is refused instead of silently misapplied.
 */
public final class GraphFingerprint {
    private GraphFingerprint() {}

    public static String of(Graph g) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        for (Value v : g.inputs()) text(md, "in " + v.name() + " " + v.elementType() + " " + v.shapeString());
        for (Node n : g.nodes()) {
            text(md, "node " + n.name() + " " + n.domain() + " " + n.opType() + " " + n.inputs() + " " + n.outputs());
            for (Map.Entry<String, ?> a : new TreeMap<>(n.attributes()).entrySet()) text(md, "attr " + a.getKey() + "=" + a.getValue());
        }
        for (Map.Entry<String, ConstantTensor> e : new TreeMap<>(g.initializers()).entrySet()) {
            ConstantTensor t = e.getValue();
            text(md, "init " + e.getKey() + " " + t.elementType() + " " + java.util.Arrays.toString(t.shape()));
            ByteBuffer b = t.data();
            md.update(b);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void text(MessageDigest md, String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
    }
}
