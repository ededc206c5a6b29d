package io.frugal.runtime.lowering;

import io.frugal.graph.Node;

/**
 * Turns one graph node into native operators (or views) through the context: checks the node's
 * attributes and operand shapes, creates the operators (packing weights once) and says which values
 * each reads and writes.
 */
@FunctionalInterface
public interface Lowering {
    void lower(Node node, LoweringContext ctx);
}
