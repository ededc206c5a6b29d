package io.frugal;

import java.util.Objects;

/**
 * The shape of a 2-D max or average pooling, validated on construction (C: {@code
 * frugal_pool2d_desc}); ONNX MaxPool, AveragePool, GlobalMaxPool and GlobalAveragePool. Dilation
 * (1 = none) is for max pooling only; padding must be smaller than the dilated kernel. With
 * {@code global} the kernel is the whole image (stride 1, no padding). Build with {@link #builder}.
 */
public record Pool2dParams(Kind kind, long batch, long channels, long inH, long inW, boolean global, long kernelH,
                           long kernelW, long strideH, long strideW, long padTop, long padLeft, long padBottom,
                           long padRight, long dilationH, long dilationW, boolean ceilMode, boolean countIncludePad,
                           Layout layout) {

    /** Ids in sync with {@code FRUGAL_POOL_*}. */
    public enum Kind { MAX, AVG }

    public Pool2dParams {
        Objects.requireNonNull(kind, "pool2d: kind is null");
        Objects.requireNonNull(layout, "pool2d: layout is null");
        Checks.positive("pool2d", "batch", batch);
        Checks.positive("pool2d", "channels", channels);
        Checks.positive("pool2d", "inH", inH);
        Checks.positive("pool2d", "inW", inW);
        if (global) {
            kernelH = inH;
            kernelW = inW;
            strideH = strideW = dilationH = dilationW = 1;
            padTop = padLeft = padBottom = padRight = 0;
            ceilMode = false;
        }
        Checks.positive("pool2d", "kernelH", kernelH);
        Checks.positive("pool2d", "kernelW", kernelW);
        Checks.positive("pool2d", "strideH", strideH);
        Checks.positive("pool2d", "strideW", strideW);
        Checks.positive("pool2d", "dilationH", dilationH);
        Checks.positive("pool2d", "dilationW", dilationW);
        Checks.notNegative("pool2d", "padTop", padTop);
        Checks.notNegative("pool2d", "padLeft", padLeft);
        Checks.notNegative("pool2d", "padBottom", padBottom);
        Checks.notNegative("pool2d", "padRight", padRight);
        if (kind == Kind.AVG && (dilationH != 1 || dilationW != 1)) {
            throw new IllegalArgumentException("pool2d: dilation " + dilationH + "x" + dilationW
                    + " is for max pooling only; average pooling takes 1x1");
        }
        try {
            long spanH = Math.addExact(Math.multiplyExact(dilationH, kernelH - 1), 1);
            long spanW = Math.addExact(Math.multiplyExact(dilationW, kernelW - 1), 1);
            if (padTop >= spanH || padBottom >= spanH || padLeft >= spanW || padRight >= spanW) {
                throw new IllegalArgumentException("pool2d: padding " + padTop + "," + padLeft + "," + padBottom + ","
                        + padRight + " (top, left, bottom, right) must be smaller than the dilated kernel " + spanH + "x" + spanW);
            }
            long outH = outSize(inH, padTop, padBottom, kernelH, dilationH, strideH, ceilMode);
            long outW = outSize(inW, padLeft, padRight, kernelW, dilationW, strideW, ceilMode);
            if (outH <= 0 || outW <= 0) {
                throw new IllegalArgumentException("pool2d: the dilated kernel " + kernelH + "x" + kernelW + " (dilation "
                        + dilationH + "x" + dilationW + ") is larger than the padded input " + (inH + padTop + padBottom)
                        + "x" + (inW + padLeft + padRight));
            }
            Tensor.elementCount(new long[] {batch, channels, inH, inW, 4});
            Tensor.elementCount(new long[] {batch, channels, outH, outW, 4});
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("pool2d: sizes overflow 64 bits");
        }
    }

    public long outH() {
        return outSize(inH, padTop, padBottom, kernelH, dilationH, strideH, ceilMode);
    }

    public long outW() {
        return outSize(inW, padLeft, padRight, kernelW, dilationW, strideW, ceilMode);
    }

    /** The source shape in this layout. */
    public long[] inputShape() {
        return layout == Layout.NCHW ? new long[] {batch, channels, inH, inW} : new long[] {batch, inH, inW, channels};
    }

    /** The destination shape in this layout. */
    public long[] outputShape() {
        return layout == Layout.NCHW ? new long[] {batch, channels, outH(), outW()} : new long[] {batch, outH(), outW(), channels};
    }

    /** A short description, e.g. {@code max_mb1c3ih7iw7kh3kw3sh2sw2p1,1,1,1d1x1_ceil_nchw}. */
    public String describe() {
        return kind.name().toLowerCase() + "_mb" + batch + "c" + channels + "ih" + inH + "iw" + inW
                + (global ? "_global" : "kh" + kernelH + "kw" + kernelW + "sh" + strideH + "sw" + strideW + "p" + padTop + ","
                        + padLeft + "," + padBottom + "," + padRight + "d" + dilationH + "x" + dilationW)
                + (ceilMode ? "_ceil" : "") + (countIncludePad ? "_incpad" : "") + "_" + layout.name().toLowerCase();
    }

    /** A builder; channels, image size and kernel (or global) are required. */
    public static Builder builder(Kind kind) {
        return new Builder(kind);
    }

    /** ONNX: floor (or ceil) of the window count, dropping a ceil-mode window that starts in the end padding. */
    static long outSize(long in, long padBegin, long padEnd, long k, long dilation, long stride, boolean ceil) {
        long room = Math.addExact(Math.addExact(in, padBegin), padEnd) - Math.addExact(Math.multiplyExact(dilation, k - 1), 1);
        if (room < 0) return 0;
        long n = (ceil ? room + stride - 1 : room) / stride + 1;
        if (ceil && (n - 1) * stride >= in + padBegin) n--;
        return n;
    }



    /** Mutable builder; defaults: batch 1, stride 1, no padding, no dilation, floor mode, padding not counted, NCHW. */
    public static final class Builder {
        private final Kind kind;
        private long batch = 1, channels, inH, inW, kernelH, kernelW, strideH = 1, strideW = 1;
        private long padTop, padLeft, padBottom, padRight, dilationH = 1, dilationW = 1;
        private boolean global, ceilMode, countIncludePad;
        private Layout layout = Layout.NCHW;

        private Builder(Kind kind) { this.kind = kind; }

        public Builder batch(long n) { batch = n; return this; }
        public Builder input(long c, long h, long w) { channels = c; inH = h; inW = w; return this; }
        public Builder global() { global = true; return this; }
        public Builder kernel(long h, long w) { kernelH = h; kernelW = w; return this; }
        public Builder stride(long h, long w) { strideH = h; strideW = w; return this; }
        public Builder stride(long s) { return stride(s, s); }
        public Builder padding(long top, long left, long bottom, long right) {
            padTop = top; padLeft = left; padBottom = bottom; padRight = right; return this;
        }
        public Builder padding(long p) { return padding(p, p, p, p); }
        public Builder dilation(long h, long w) { dilationH = h; dilationW = w; return this; }
        public Builder ceilMode(boolean c) { ceilMode = c; return this; }
        public Builder countIncludePad(boolean c) { countIncludePad = c; return this; }
        public Builder layout(Layout l) { layout = l; return this; }

        /** @throws IllegalArgumentException naming the first invalid field */
        public Pool2dParams build() {
            return new Pool2dParams(kind, batch, channels, inH, inW, global, kernelH, kernelW, strideH, strideW, padTop,
                    padLeft, padBottom, padRight, dilationH, dilationW, ceilMode, countIncludePad, layout);
        }
    }
}
