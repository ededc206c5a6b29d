package io.frugal;

import java.util.Objects;

/**
 * An int8 2-D convolution (C: {@code frugal_qconv2d_desc}): the geometry, layout and activation of
 * a {@link Conv2dParams}, the source type and per-tensor scale ({@code real = srcScale * q}), and
 * the destination type: {@link DType#F32}, or {@link DType#U8}/{@link DType#S8} requantized with
 * {@code dstScale} ({@code q = saturate(roundHalfEven(y / dstScale))}; ignored for F32).
 *
 * <p>The weights stay fp32 at the API and are quantized when the operator is created: per output
 * channel, symmetric, {@code s_w[oc] = max|W[oc]| / 127} ({@link QConv2d#weightScales()}).
 */
public record QConv2dParams(Conv2dParams geometry, DType srcType, float srcScale, DType dstType, float dstScale) {
    /** Largest {@code inChannels / groups * kernelH * kernelW}: the s32 accumulator cannot overflow below it. */
    public static final long MAX_REDUCTION = QuantTypes.MAX_REDUCTION;

    public QConv2dParams {
        Objects.requireNonNull(geometry, "qconv2d: geometry is null");
        QuantTypes.check("qconv2d", srcType, srcScale, dstType, dstScale);
        long reduction = geometry.inChannels() / geometry.groups() * geometry.kernelH() * geometry.kernelW();
        if (reduction > MAX_REDUCTION) {
            throw new IllegalArgumentException("qconv2d: inChannels/groups * kernelH * kernelW = " + reduction
                    + " exceeds " + MAX_REDUCTION + ", where the s32 accumulator could overflow");
        }
    }

    /** The parameters; dstScale is ignored (may be anything) when dstType is F32. */
    public static QConv2dParams of(Conv2dParams geometry, DType srcType, float srcScale, DType dstType, float dstScale) {
        return new QConv2dParams(geometry, srcType, srcScale, dstType, dstScale);
    }

    /** An F32 destination: the dequantized result. */
    public static QConv2dParams of(Conv2dParams geometry, DType srcType, float srcScale) {
        return new QConv2dParams(geometry, srcType, srcScale, DType.F32, 1f);
    }

    public long[] inputShape() { return geometry.inputShape(); }
    public long[] outputShape() { return geometry.outputShape(); }
    /** [outChannels, inChannels / groups, kernelH, kernelW], fp32. */
    public long[] weightShape() { return geometry.weightShape(); }
    public long outChannels() { return geometry.outChannels(); }

    /** The geometry's problem line with the types appended, e.g. {@code mb1ic3ih7oc17kh3_nhwc_relu u8>s8}. */
    public String descriptor() {
        return geometry.descriptor() + " " + srcType.name().toLowerCase() + ">" + dstType.name().toLowerCase();
    }
}
