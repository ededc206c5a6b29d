package io.frugal;

import java.util.Arrays;
import java.util.Objects;

/**
 * The shape of a 2-D convolution, validated on construction (C: {@code frugal_conv2d_desc}).
 * Weights are [outChannels, inChannels / groups, kernelH, kernelW], as in ONNX; dilation 1 means
 * none. Build with {@link #builder}.
 */
public record Conv2dParams(long batch, long inChannels, long inH, long inW, long outChannels, long kernelH,
                           long kernelW, long strideH, long strideW, long padTop, long padLeft, long padBottom,
                           long padRight, long dilationH, long dilationW, long groups, Layout layout,
                           Activation activation) {

    public Conv2dParams {
        Objects.requireNonNull(layout, "conv2d: layout is null");
        Objects.requireNonNull(activation, "conv2d: activation is null");
        Checks.positive("conv2d", "batch", batch);
        Checks.positive("conv2d", "inChannels", inChannels);
        Checks.positive("conv2d", "inH", inH);
        Checks.positive("conv2d", "inW", inW);
        Checks.positive("conv2d", "outChannels", outChannels);
        Checks.positive("conv2d", "kernelH", kernelH);
        Checks.positive("conv2d", "kernelW", kernelW);
        Checks.positive("conv2d", "strideH", strideH);
        Checks.positive("conv2d", "strideW", strideW);
        Checks.positive("conv2d", "dilationH", dilationH);
        Checks.positive("conv2d", "dilationW", dilationW);
        Checks.positive("conv2d", "groups", groups);
        Checks.notNegative("conv2d", "padTop", padTop);
        Checks.notNegative("conv2d", "padLeft", padLeft);
        Checks.notNegative("conv2d", "padBottom", padBottom);
        Checks.notNegative("conv2d", "padRight", padRight);
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("conv2d: groups " + groups + " must divide inChannels " + inChannels
                    + " and outChannels " + outChannels);
        }
        try {
            long outH = outSize(inH, padTop, padBottom, kernelH, dilationH, strideH);
            long outW = outSize(inW, padLeft, padRight, kernelW, dilationW, strideW);
            if (outH <= 0 || outW <= 0) {
                throw new IllegalArgumentException("conv2d: the dilated kernel " + kernelH + "x" + kernelW + " (dilation "
                        + dilationH + "x" + dilationW + ") does not fit the padded input " + (inH + padTop + padBottom)
                        + "x" + (inW + padLeft + padRight));
            }
            Tensor.elementCount(new long[] {batch, inChannels, inH, inW, 4});
            Tensor.elementCount(new long[] {batch, outChannels, outH, outW, 4});
            Tensor.elementCount(new long[] {outChannels, inChannels / groups, kernelH, kernelW, 4});
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("conv2d: sizes overflow 64 bits: " + Arrays.toString(new long[] {batch,
                inChannels, inH, inW, outChannels, kernelH, kernelW}));
        }
    }

    /** Output height. */
    public long outH() {
        return outSize(inH, padTop, padBottom, kernelH, dilationH, strideH);
    }

    /** Output width. */
    public long outW() {
        return outSize(inW, padLeft, padRight, kernelW, dilationW, strideW);
    }

    /** The source shape in this layout. */
    public long[] inputShape() {
        return layout == Layout.NCHW ? new long[] {batch, inChannels, inH, inW} : new long[] {batch, inH, inW, inChannels};
    }

    /** The destination shape in this layout. */
    public long[] outputShape() {
        return layout == Layout.NCHW ? new long[] {batch, outChannels, outH(), outW()}
                : new long[] {batch, outH(), outW(), outChannels};
    }

    /** [outChannels, inChannels / groups, kernelH, kernelW]. */
    public long[] weightShape() {
        return new long[] {outChannels, inChannels / groups, kernelH, kernelW};
    }

    /** Multiply-accumulates of one run, as benchdnn counts them (FLOPs are twice this). */
    public long macs() {
        return batch * outChannels * outH() * outW() * (inChannels / groups) * kernelH * kernelW;
    }

    /**
     * This problem as a line of a problem file ({@link io.frugal.problems.Conv2dProblem}), e.g.
     * {@code mb1g1ic64ih56iw56oc64oh56ow56kh3kw3sh1sw1dh1dw1pt1pl1pb1pr1_nhwc_relu}.
     */
    public String descriptor() {
        return io.frugal.problems.Conv2dProblem.descriptor(this);
    }

    /** A builder; everything but the channel counts, image size and kernel size has a default. */
    public static Builder builder() {
        return new Builder();
    }

    private static long outSize(long in, long padBegin, long padEnd, long k, long dilation, long stride) {
        long span = Math.addExact(Math.addExact(in, padBegin), padEnd) - Math.multiplyExact(dilation, k - 1) - 1;
        return span < 0 ? 0 : span / stride + 1;
    }



    /** Mutable builder for {@link Conv2dParams}; defaults: batch 1, stride 1, no padding, no dilation, 1 group, NCHW. */
    public static final class Builder {
        private long batch = 1, inChannels, inH, inW, outChannels, kernelH, kernelW;
        private long strideH = 1, strideW = 1, padTop, padLeft, padBottom, padRight, dilationH = 1, dilationW = 1, groups = 1;
        private Layout layout = Layout.NCHW;
        private Activation activation = Activation.none();

        public Builder batch(long n) { batch = n; return this; }
        public Builder input(long channels, long h, long w) { inChannels = channels; inH = h; inW = w; return this; }
        public Builder outChannels(long c) { outChannels = c; return this; }
        public Builder kernel(long h, long w) { kernelH = h; kernelW = w; return this; }
        public Builder stride(long h, long w) { strideH = h; strideW = w; return this; }
        public Builder stride(long s) { return stride(s, s); }
        public Builder padding(long top, long left, long bottom, long right) {
            padTop = top; padLeft = left; padBottom = bottom; padRight = right; return this;
        }
        public Builder padding(long p) { return padding(p, p, p, p); }
        public Builder dilation(long h, long w) { dilationH = h; dilationW = w; return this; }
        public Builder dilation(long d) { return dilation(d, d); }
        public Builder groups(long g) { groups = g; return this; }
        public Builder layout(Layout l) { layout = l; return this; }
        public Builder activation(Activation a) { activation = a; return this; }

        /** @throws IllegalArgumentException naming the first invalid field */
        public Conv2dParams build() {
            return new Conv2dParams(batch, inChannels, inH, inW, outChannels, kernelH, kernelW, strideH, strideW, padTop,
                    padLeft, padBottom, padRight, dilationH, dilationW, groups, layout, activation);
        }
    }
}
