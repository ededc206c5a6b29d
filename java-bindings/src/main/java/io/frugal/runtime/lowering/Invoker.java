package io.frugal.runtime.lowering;

import io.frugal.NativeOp;
import io.frugal.Tensor;
import io.frugal.TwoSourceOp;
import io.frugal.UnaryOp;

/**
 * How a session runs one compiled operator on its bound tensors: one native call, no allocation.
 * Implementations are stateless; the operator is the session's own share of it.
 */
@FunctionalInterface
public interface Invoker {
    void run(NativeOp op, Tensor[] inputs, Tensor[] outputs);

    /** One source, one destination: convolution, pooling, element-wise, softmax and the like. */
    Invoker UNARY = (op, in, out) -> ((UnaryOp) op).run(in[0], out[0]);

    /** Two sources, one destination: broadcasting arithmetic, a product of two run-time operands. */
    Invoker TWO_SOURCES = (op, in, out) -> ((TwoSourceOp) op).run(in[0], in[1], out[0]);
}
