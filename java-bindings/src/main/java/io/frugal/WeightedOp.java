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

    /** d filled with params: the geometry, layout and fused activation of frugal_conv2d_desc. */
    static FrugalNative.Conv2dDesc describe(FrugalNative.Conv2dDesc d, Conv2dParams params) {
        d.batch(params.batch()).in_channels(params.inChannels()).in_h(params.inH()).in_w(params.inW())
                .out_channels(params.outChannels()).kernel_h(params.kernelH()).kernel_w(params.kernelW())
                .stride_h(params.strideH()).stride_w(params.strideW()).pad_top(params.padTop())
                .pad_left(params.padLeft()).pad_bottom(params.padBottom()).pad_right(params.padRight())
                .dilation_h(params.dilationH()).dilation_w(params.dilationW()).groups(params.groups())
                .layout(params.layout().ordinal());
        activation(d.activation(), params.activation());
        return d;
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
