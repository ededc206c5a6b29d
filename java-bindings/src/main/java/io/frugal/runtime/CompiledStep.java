package io.frugal.runtime;

import io.frugal.NativeOp;
import io.frugal.plan.Device;
import io.frugal.plan.Precision;
import io.frugal.runtime.lowering.Invoker;
import java.util.List;

/**
 * One operator of a compiled model: the node it came from, the dispatch key it was chosen by, the
 * native operator holding packed weights (sessions run shares of it), and the values it reads and
 * writes.
 */
record CompiledStep(String node, String opType, Precision precision, Device device, NativeOp op, Invoker invoker,
                    List<String> inputs, List<String> outputs) {
    StepInfo info() {
        return new StepInfo(node, opType, precision, device, op.kernel());
    }
}
