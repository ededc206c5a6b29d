package io.frugal;

import java.util.Objects;

/**
 * A binary (XNOR) 2-D convolution (C: {@code frugal_bconv2d_desc}): the geometry and activation of
 * a {@link Conv2dParams} (layout must be {@link Layout#NHWC}), how taps outside the input count,
 * and the destination type.
 *
 * <p>The source is a {@link DType#BIT} tensor [N, H, W, C] (channels packed 64 per word, bit 1 =
 * -1); the weights are F32 [OC, IC/groups, KH, KW], binarized at create (w &gt;= 0 is +1). Per
 * output pixel and channel, {@code dot = sum over taps (K - 2 popcount(x XOR w))} with
 * {@code K = IC/groups}, and {@code y = act(multiplier[oc] * dot + bias[oc])} as F32, or, for a
 * {@link DType#BIT} destination [N, OH, OW, OC] (no activation: fold it into the thresholds),
 * {@code bit = multiplier[oc] * dot + bias[oc] < threshold[oc]} (bit 1 is -1), to chain binary layers.
 *
 * <p>Groups: any {@code inChannels / groups}, depthwise (one channel per group) included. The
 * source keeps its packing (a pixel's C channels in ceil(C / 64) words), so group g's channels
 * start at bit {@code g * inChannels / groups}; kernels read them across word boundaries.
 *
 * <p>Activation scaling ({@link #withActivationScaling()}, XNOR-Net's K, DESIGN.md 3.1): the conv
 * also takes the per-pixel mean |x| as F32 [N, H, W] ({@link BitPack#run(Tensor, Tensor, Tensor)}
 * gives it with the bits), {@code K[n, oh, ow]} = the sum of that mean over the output pixel's taps
 * inside the input / (KH * KW) (a box filter with zero padding), and
 * {@code y = act((multiplier[oc] * dot) * K + bias[oc])}, in double.
 */
public record BinaryConv2dParams(Conv2dParams geometry, Padding padding, DType dstType, boolean activationScaling) {
    /** What a tap outside the input contributes (C: {@code frugal_bpad}). */
    public enum Padding {
        /** Nothing: exactly a float convolution of the +-1 data with zero padding. */
        ZERO,
        /** As if the input there were all +1. */
        PLUS_ONE,
        /** As if the input there were all -1. */
        MINUS_ONE
    }

    public BinaryConv2dParams {
        Objects.requireNonNull(geometry, "bconv2d: geometry is null");
        Objects.requireNonNull(padding, "bconv2d: padding is null");
        Objects.requireNonNull(dstType, "bconv2d: dstType is null");
        if (geometry.layout() != Layout.NHWC) {
            throw new IllegalArgumentException("bconv2d: layout must be NHWC (channels are bit-packed per pixel), got "
                    + geometry.layout());
        }
        if (dstType != DType.F32 && dstType != DType.BIT) {
            throw new IllegalArgumentException("bconv2d: dstType must be F32 or BIT, got " + dstType);
        }
        if (dstType == DType.BIT && geometry.activation().kind() != Activation.Kind.NONE) {
            throw new IllegalArgumentException("bconv2d: a BIT destination takes no activation (fold it into the "
                    + "thresholds), got " + geometry.activation());
        }
        long icg = geometry.inChannels() / geometry.groups();
        if (icg > (1L << 30)) throw new IllegalArgumentException("bconv2d: inChannels/groups " + icg + " exceeds 2^30");
        if (icg * geometry.kernelH() * geometry.kernelW() >= (1L << 40)) {
            throw new IllegalArgumentException("bconv2d: inChannels/groups x kernelH x kernelW reaches 2^40");
        }
    }

    /** Without activation scaling. */
    public BinaryConv2dParams(Conv2dParams geometry, Padding padding, DType dstType) {
        this(geometry, padding, dstType, false);
    }

    /** The same conv with XNOR-Net activation scaling K (run with the source's mean |x| [N, H, W]). */
    public BinaryConv2dParams withActivationScaling() {
        return new BinaryConv2dParams(geometry, padding, dstType, true);
    }

    /** [N, H, W] of the F32 mean |x| a conv with activation scaling takes beside the bits. */
    public long[] meanAbsShape() {
        return new long[] {geometry.batch(), geometry.inH(), geometry.inW()};
    }

    /** F32 output. */
    public static BinaryConv2dParams of(Conv2dParams geometry, Padding padding) {
        return new BinaryConv2dParams(geometry, padding, DType.F32);
    }

    /** [N, H, W, C] of the BIT source (packed ceil(C / 64) words per pixel). */
    public long[] inputShape() { return geometry.inputShape(); }
    /** BIT output: thresholded, bit-packed (see {@link BinaryConv2d#create(BinaryConv2dParams, Tensor, Tensor, Tensor, Tensor, String)}). */
    public static BinaryConv2dParams bitOutput(Conv2dParams geometry, Padding padding) {
        return new BinaryConv2dParams(geometry, padding, DType.BIT);
    }

    /** [N, OH, OW, OC] of the destination (F32, or BIT packed along OC). */
    public long[] outputShape() { return geometry.outputShape(); }
    /** [outChannels, inChannels / groups, kernelH, kernelW], fp32 (binarized at create). */
    public long[] weightShape() { return geometry.weightShape(); }
    public long outChannels() { return geometry.outChannels(); }

    /** Words of 64 bits per source pixel: ceil(inChannels / 64). */
    public long packedWidth() { return (geometry.inChannels() + 63) / 64; }

    /** The geometry's problem line with the padding mode appended. */
    public String descriptor() {
        return geometry.descriptor() + " bit>" + dstType.name().toLowerCase() + " pad_" + padding.name().toLowerCase()
                + (activationScaling ? " k_scaled" : "");
    }
}
