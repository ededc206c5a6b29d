package io.frugal.runtime.lowering;

import io.frugal.plan.Device;
import io.frugal.plan.Precision;
import java.util.Objects;

/** What the compiler looks a node's lowering up by: the ONNX operator, the plan's precision and device. */
public record DispatchKey(String opType, Precision precision, Device device) {
    public DispatchKey {
        Objects.requireNonNull(opType, "opType is null");
        Objects.requireNonNull(precision, "precision is null");
        Objects.requireNonNull(device, "device is null");
    }

    @Override
    public String toString() {
        return opType + "/" + precision + "/" + device;
    }
}
