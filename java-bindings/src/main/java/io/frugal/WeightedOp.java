package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Arrays;
import java.util.Objects;
import org.bytedeco.javacpp.Pointer;

/** What {@link Conv2d} and {@link MatMul} share beyond {@link UnaryOp}: weight checks and the fused activation. */
abstract class WeightedOp extends UnaryOp {
    WeightedOp(String op, Pointer handle, long[] inputShape, long[] outputShape) {
        super(op, handle, inputShape, outputShape);
    }

    static FrugalNative.Activation activation(FrugalNative.Activation a, Activation act) {
        return a.kind(act.kind().ordinal()).alpha(act.alpha()).beta(act.beta());
    }

    static void checkWeights(String op, Tensor weights, long[] shape, Tensor bias, long biasLength) {
        Objects.requireNonNull(weights, op + ": weights are null");
        weights.checkOpen();
        if (weights.dtype() != DType.F32) throw new IllegalArgumentException(op + ": weights must be F32, got " + weights.dtype());
        if (!weights.shapeEquals(shape)) {
            throw new IllegalArgumentException(op + ": weights shape " + Arrays.toString(weights.shape()) + " does not match "
                    + Arrays.toString(shape));
        }
        if (bias != null) {
            bias.checkOpen();
            if (bias.dtype() != DType.F32) throw new IllegalArgumentException(op + ": bias must be F32, got " + bias.dtype());
            if (!bias.shapeEquals(biasLength)) {
                throw new IllegalArgumentException(op + ": bias shape " + Arrays.toString(bias.shape()) + " does not match ["
                        + biasLength + "]");
            }
        }
    }
}
