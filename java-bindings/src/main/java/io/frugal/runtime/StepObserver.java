package io.frugal.runtime;

import io.frugal.Tensor;

/**
 * Sees every value a session writes, right after the operator that writes it: what calibration
 * (activation statistics) and debugging (comparing intermediate values with another runtime) need.
 * The tensor is the session's own memory and is overwritten later in the run: read it inside the
 * call. Values the compiler stores channels-last arrive as they are stored, [N, H, W, C].
 */
@FunctionalInterface
public interface StepObserver {
    /**
     * @param step   the operator that just ran
     * @param value  the value's name: the ONNX name, or a compiler-made one ({@code frugal.*}) for
     *               intermediate values it introduced
     * @param tensor the value as stored
     */
    void afterStep(StepInfo step, String value, Tensor tensor);
}
