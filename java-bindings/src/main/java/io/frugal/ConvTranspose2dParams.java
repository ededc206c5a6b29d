package io.frugal;

import java.util.Arrays;
import java.util.Objects;

/**
 * The shape of a 2-D transposed convolution (ONNX ConvTranspose), validated on construction (C:
 * {@code frugal_conv_transpose2d_desc}). Weights are [inChannels, outChannels / groups, kernelH,
 * kernelW], as in ONNX; dilation 1 means none. Output size per axis: {@code stride*(in - 1) +
 * outputPadding + dilation*(k - 1) + 1 - padBegin - padEnd}; outputPadding must be smaller than
 * the stride or the dilation. Build with {@link #builder}.
 */
public record ConvTranspose2dParams(long batch, long inChannels, long inH, long inW, long outChannels, long kernelH,
                                    long kernelW, long strideH, long strideW, long padTop, long padLeft, long padBottom,
                                    long padRight, long outputPaddingH, long outputPaddingW, long dilationH,
                                    long dilationW, long groups, Layout layout, Activation activation) {
    private static final String OP = "conv_transpose2d";

    public ConvTranspose2dParams {
        Objects.requireNonNull(layout, OP + ": layout is null");
        Objects.requireNonNull(activation, OP + ": activation is null");
        Checks.positive(OP, "batch", batch);
        Checks.positive(OP, "inChannels", inChannels);
        Checks.positive(OP, "inH", inH);
        Checks.positive(OP, "inW", inW);
        Checks.positive(OP, "outChannels", outChannels);
        Checks.positive(OP, "kernelH", kernelH);
        Checks.positive(OP, "kernelW", kernelW);
        Checks.positive(OP, "strideH", strideH);
        Checks.positive(OP, "strideW", strideW);
        Checks.positive(OP, "dilationH", dilationH);
        Checks.positive(OP, "dilationW", dilationW);
        Checks.positive(OP, "groups", groups);
        Checks.notNegative(OP, "padTop", padTop);
        Checks.notNegative(OP, "padLeft", padLeft);
        Checks.notNegative(OP, "padBottom", padBottom);
        Checks.notNegative(OP, "padRight", padRight);
        Checks.notNegative(OP, "outputPaddingH", outputPaddingH);
        Checks.notNegative(OP, "outputPaddingW", outputPaddingW);
        if (outputPaddingH >= strideH && outputPaddingH >= dilationH) {
            throw new IllegalArgumentException(OP + ": outputPaddingH " + outputPaddingH + " must be smaller than strideH "
                    + strideH + " or dilationH " + dilationH);
        }
        if (outputPaddingW >= strideW && outputPaddingW >= dilationW) {
            throw new IllegalArgumentException(OP + ": outputPaddingW " + outputPaddingW + " must be smaller than strideW "
                    + strideW + " or dilationW " + dilationW);
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(OP + ": groups " + groups + " must divide inChannels " + inChannels
                    + " and outChannels " + outChannels);
        }
        try {
            long outH = outSize(inH, strideH, outputPaddingH, kernelH, dilationH, padTop, padBottom);
            long outW = outSize(inW, strideW, outputPaddingW, kernelW, dilationW, padLeft, padRight);
            if (outH <= 0 || outW <= 0) {
                throw new IllegalArgumentException(OP + ": padding " + padTop + "," + padLeft + "," + padBottom + ","
                        + padRight + " (top, left, bottom, right) leaves an empty output " + outH + "x" + outW);
            }
            Tensor.elementCount(new long[] {batch, inChannels, inH, inW, 4});
            Tensor.elementCount(new long[] {batch, outChannels, outH, outW, 4});
            Tensor.elementCount(new long[] {inChannels, outChannels / groups, kernelH, kernelW, 4});
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(OP + ": sizes overflow 64 bits: " + Arrays.toString(new long[] {batch,
                inChannels, inH, inW, outChannels, kernelH, kernelW, strideH, strideW}));
        }
    }

    /** Output height. */
    public long outH() {
        return outSize(inH, strideH, outputPaddingH, kernelH, dilationH, padTop, padBottom);
    }

    /** Output width. */
    public long outW() {
        return outSize(inW, strideW, outputPaddingW, kernelW, dilationW, padLeft, padRight);
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

    /** [inChannels, outChannels / groups, kernelH, kernelW]. */
    public long[] weightShape() {
        return new long[] {inChannels, outChannels / groups, kernelH, kernelW};
    }

    public static Builder builder() {
        return new Builder();
    }

    private static long outSize(long in, long stride, long outputPadding, long k, long dilation, long padBegin, long padEnd) {
        long full = Math.addExact(Math.addExact(Math.multiplyExact(stride, in - 1), outputPadding),
                Math.addExact(Math.multiplyExact(dilation, k - 1), 1));
        return full - padBegin - padEnd;
    }



    /** Mutable builder; defaults: batch 1, stride 1, no padding or output padding, no dilation, 1 group, NCHW. */
    public static final class Builder {
        private long batch = 1, inChannels, inH, inW, outChannels, kernelH, kernelW;
        private long strideH = 1, strideW = 1, padTop, padLeft, padBottom, padRight, outputPaddingH, outputPaddingW;
        private long dilationH = 1, dilationW = 1, groups = 1;
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
        public Builder outputPadding(long h, long w) { outputPaddingH = h; outputPaddingW = w; return this; }
        public Builder dilation(long h, long w) { dilationH = h; dilationW = w; return this; }
        public Builder dilation(long d) { return dilation(d, d); }
        public Builder groups(long g) { groups = g; return this; }
        public Builder layout(Layout l) { layout = l; return this; }
        public Builder activation(Activation a) { activation = a; return this; }

        /** @throws IllegalArgumentException naming the first invalid field */
        public ConvTranspose2dParams build() {
            return new ConvTranspose2dParams(batch, inChannels, inH, inW, outChannels, kernelH, kernelW, strideH, strideW,
                    padTop, padLeft, padBottom, padRight, outputPaddingH, outputPaddingW, dilationH, dilationW, groups,
                    layout, activation);
        }
    }
}
