package io.frugal.passes;

import io.frugal.graph.Node;

/** A pass cannot handle a node; the message names the node, its op and the opset. */
public class PassException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PassException(String pass, Node node, long opset, String why) {
        super(pass + ": " + node.describe() + " at opset " + opset + ": " + why);
    }

    public PassException(String message) {
        super(message);
    }
}
