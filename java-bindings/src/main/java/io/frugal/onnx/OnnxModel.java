package io.frugal.onnx;

import io.frugal.graph.Graph;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An imported ONNX model: the {@link Graph} plus what the file said about itself and the op census
 * of the file as written (Constant nodes included, although they became initializers).
 */
public final class OnnxModel {
    private final String source;
    private final Graph graph;
    private final long irVersion;
    private final String producer;
    private final Map<String, Integer> opCensus;
    private final int constantNodes;

    OnnxModel(String source, Graph graph, long irVersion, String producer, Map<String, Integer> opCensus,
            int constantNodes) {
        this.source = source;
        this.graph = graph;
        this.irVersion = irVersion;
        this.producer = producer;
        this.opCensus = Collections.unmodifiableMap(new TreeMap<>(opCensus));
        this.constantNodes = constantNodes;
    }

    /** The file or source name. */
    public String source() {
        return source;
    }

    public Graph graph() {
        return graph;
    }

    /** The ONNX IR version of the file. */
    public long irVersion() {
        return irVersion;
    }

    /** Producer name and version as the file states them (may be empty). */
    public String producer() {
        return producer;
    }

    /**
     * Node count per op type in the file ("domain:Op" outside the default domain), Constant nodes
     * included; sorted by op name. Ops Frugal cannot run are counted too: the compiler refuses them.
     */
    public Map<String, Integer> opCensus() {
        return opCensus;
    }

    /** How many Constant nodes became initializers. */
    public int constantNodes() {
        return constantNodes;
    }
}
