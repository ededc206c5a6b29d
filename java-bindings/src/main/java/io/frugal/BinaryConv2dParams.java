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
 * <p>Groups: {@code groups > 1} needs {@code inChannels / groups} to be a multiple of 64 (each
 * group on whole words); other grouped shapes are refused here.
 */
public record BinaryConv2dParams(Conv2dParams geometry, Padding padding, DType dstType) {
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
        if (geometry.groups() > 1 && icg % 64 != 0) {
            throw new IllegalArgumentException("bconv2d: groups > 1 needs inChannels/groups to be a multiple of 64 (each "
                    + "group on whole words); got " + icg + " channels per group (unsupported)");
        }
        if (icg > (1L << 30)) throw new IllegalArgumentException("bconv2d: inChannels/groups " + icg + " exceeds 2^30");
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
        return geometry.descriptor() + " bit>" + dstType.name().toLowerCase() + " pad_" + padding.name().toLowerCase();
    }
}
