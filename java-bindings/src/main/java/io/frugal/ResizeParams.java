package io.frugal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * ONNX Resize (opsets 10 to 17) of a dense fp32 tensor over H and W (C: {@code
 * frugal_resize_desc}), validated on construction: positive dimensions, finite positive scales,
 * mode NEAREST or LINEAR, any coordinate mode but TF_CROP_AND_RESIZE. {@code scaleH} and {@code
 * scaleW} are the scales of the coordinate transform: ONNX's scales, or out / in when ONNX gives
 * sizes; the {@link #builder} derives one from the other as ONNX does. {@code nearestMode}
 * matters for NEAREST only. {@code layout} is the memory order of source and destination, NCHW
 * (ONNX's) or NHWC; the dimensions are named the same in both.
 */
public record ResizeParams(long batch, long channels, long inH, long inW, long outH, long outW, float scaleH,
                           float scaleW, Mode mode, CoordinateMode coordinateMode, NearestMode nearestMode,
                           Layout layout) {

    /** ONNX {@code mode}; ids in sync with {@code FRUGAL_RESIZE_*}. CUBIC is refused. */
    public enum Mode {
        NEAREST, LINEAR, CUBIC;

        /** The constant of an ONNX attribute value ("nearest", "linear", "cubic"). */
        public static Mode fromOnnx(String name) {
            return Enum.valueOf(Mode.class, onnxName("mode", name, values()));
        }
    }

    /**
     * ONNX {@code coordinate_transformation_mode}; ids in sync with {@code FRUGAL_RESIZE_COORD_*}.
     * TF_CROP_AND_RESIZE (roi and extrapolation) is refused.
     */
    public enum CoordinateMode {
        HALF_PIXEL, PYTORCH_HALF_PIXEL, ALIGN_CORNERS, ASYMMETRIC, TF_HALF_PIXEL_FOR_NN, TF_CROP_AND_RESIZE;

        /** The constant of an ONNX attribute value, e.g. "half_pixel", "asymmetric". */
        public static CoordinateMode fromOnnx(String name) {
            return Enum.valueOf(CoordinateMode.class, onnxName("coordinate_transformation_mode", name, values()));
        }
    }

    /** ONNX {@code nearest_mode}; ids in sync with {@code FRUGAL_RESIZE_ROUND_*}. */
    public enum NearestMode {
        ROUND_PREFER_FLOOR, ROUND_PREFER_CEIL, FLOOR, CEIL;

        /** The constant of an ONNX attribute value, e.g. "round_prefer_floor", "floor". */
        public static NearestMode fromOnnx(String name) {
            return Enum.valueOf(NearestMode.class, onnxName("nearest_mode", name, values()));
        }
    }

    public ResizeParams {
        Objects.requireNonNull(mode, "resize: mode is null");
        Objects.requireNonNull(coordinateMode, "resize: coordinateMode is null");
        Objects.requireNonNull(nearestMode, "resize: nearestMode is null");
        Objects.requireNonNull(layout, "resize: layout is null");
        Checks.positive("resize", "batch", batch);
        Checks.positive("resize", "channels", channels);
        Checks.positive("resize", "inH", inH);
        Checks.positive("resize", "inW", inW);
        Checks.positive("resize", "outH", outH);
        Checks.positive("resize", "outW", outW);
        if (!(scaleH > 0) || !(scaleW > 0) || Float.isInfinite(scaleH) || Float.isInfinite(scaleW)) {
            throw new IllegalArgumentException("resize: scales must be finite and positive, got " + scaleH + " x " + scaleW);
        }
        if (mode == Mode.CUBIC) {
            throw new IllegalArgumentException("resize: mode CUBIC is not supported; NEAREST and LINEAR are");
        }
        if (coordinateMode == CoordinateMode.TF_CROP_AND_RESIZE) {
            throw new IllegalArgumentException("resize: coordinate mode TF_CROP_AND_RESIZE (roi, extrapolation) is not supported");
        }
        try {
            Tensor.elementCount(new long[] {batch, channels, inH, inW, 4});
            Tensor.elementCount(new long[] {batch, channels, outH, outW, 4});
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("resize: sizes overflow 64 bits");
        }
    }

    /** NCHW, as before layouts: the convenience of callers that predate them. */
    public ResizeParams(long batch, long channels, long inH, long inW, long outH, long outW, float scaleH, float scaleW,
                        Mode mode, CoordinateMode coordinateMode, NearestMode nearestMode) {
        this(batch, channels, inH, inW, outH, outW, scaleH, scaleW, mode, coordinateMode, nearestMode, Layout.NCHW);
    }

    /** The source shape in this layout: [N, C, inH, inW] or [N, inH, inW, C]. */
    public long[] inputShape() {
        return layout == Layout.NCHW ? new long[] {batch, channels, inH, inW} : new long[] {batch, inH, inW, channels};
    }

    /** The destination shape in this layout: [N, C, outH, outW] or [N, outH, outW, C]. */
    public long[] outputShape() {
        return layout == Layout.NCHW ? new long[] {batch, channels, outH, outW}
                : new long[] {batch, outH, outW, channels};
    }

    /**
     * A short description, e.g. {@code nearest_asymmetric_floor_mb1c3ih5iw7oh10ow14s2.0x2.0}; NHWC
     * adds {@code _nhwc} (NCHW adds nothing, so descriptions from before layouts stay as they were).
     */
    public String describe() {
        return mode.name().toLowerCase(Locale.ROOT) + "_" + coordinateMode.name().toLowerCase(Locale.ROOT)
                + (mode == Mode.NEAREST ? "_" + nearestMode.name().toLowerCase(Locale.ROOT) : "") + "_mb" + batch + "c"
                + channels + "ih" + inH + "iw" + inW + "oh" + outH + "ow" + outW + "s" + scaleH + "x" + scaleW
                + (layout == Layout.NHWC ? "_nhwc" : "");
    }

    @Override
    public String toString() {
        return "resize " + describe();
    }

    /** A builder; the input and either scales or sizes are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** ONNX's output size for a scale: floor(in * scale), in double (as the ONNX reference computes it). */
    static long outSize(String axis, long in, float scale) {
        double out = Math.floor(in * (double) scale);
        if (!(out < 0x1p63)) throw new IllegalArgumentException("resize: output " + axis + " " + in + " * " + scale + " overflows 64 bits");
        if (out < 1) {
            throw new IllegalArgumentException("resize: output " + axis + " floor(" + in + " * " + scale + ") = " + (long) out
                    + " must be positive");
        }
        return (long) out;
    }

    private static <E extends Enum<E>> String onnxName(String attribute, String name, E[] values) {
        Objects.requireNonNull(name, "resize: " + attribute + " is null");
        String upper = name.toUpperCase(Locale.ROOT);
        for (E v : values) if (v.name().equals(upper)) return upper;
        throw new IllegalArgumentException("resize: unknown " + attribute + " '" + name + "'; known: "
                + Arrays.toString(values).toLowerCase(Locale.ROOT));
    }

    /**
     * Mutable builder; defaults are ONNX's: NEAREST, HALF_PIXEL, ROUND_PREFER_FLOOR, batch 1, NCHW.
     * Scales give {@code out = floor(in * scale)}; sizes give {@code scale = out / in} (in float,
     * as ONNX Runtime computes it). The last of scales or sizes given wins. The input, scales and
     * sizes are given in N, C, H, W order whatever the {@link #layout}, as ONNX gives them.
     */
    public static final class Builder {
        private long batch = 1, channels, inH, inW;
        private float scaleH, scaleW;
        private long outH, outW;
        private long[] onnxSizes; // N and C checked against the input at build
        private boolean bySizes, given;
        private Mode mode = Mode.NEAREST;
        private CoordinateMode coordinateMode = CoordinateMode.HALF_PIXEL;
        private NearestMode nearestMode = NearestMode.ROUND_PREFER_FLOOR;
        private Layout layout = Layout.NCHW;

        private Builder() {}

        public Builder input(long batch, long channels, long inH, long inW) {
            this.batch = batch;
            this.channels = channels;
            this.inH = inH;
            this.inW = inW;
            return this;
        }

        /** The input's N, C, H and W, in that order whatever the layout. */
        public Builder input(long[] nchw) {
            Objects.requireNonNull(nchw, "resize: input shape is null");
            if (nchw.length != 4) {
                throw new IllegalArgumentException("resize: input " + Arrays.toString(nchw) + " must be 4-D NCHW");
            }
            return input(nchw[0], nchw[1], nchw[2], nchw[3]);
        }

        /** Scales of H and W; the output is floor(in * scale). */
        public Builder scales(float scaleH, float scaleW) {
            this.scaleH = scaleH;
            this.scaleW = scaleW;
            bySizes = false;
            onnxSizes = null;
            given = true;
            return this;
        }

        /** ONNX's scales input, one per axis of NCHW; those of N and C must be 1. */
        public Builder onnxScales(float... scales) {
            Objects.requireNonNull(scales, "resize: scales are null");
            if (scales.length != 4) {
                throw new IllegalArgumentException("resize: " + scales.length + " scales " + Arrays.toString(scales)
                        + "; 4 (N, C, H, W) are needed");
            }
            if (scales[0] != 1f || scales[1] != 1f) {
                throw new IllegalArgumentException("resize: only H and W can be resized; the scales of N and C must be 1, got "
                        + scales[0] + " and " + scales[1]);
            }
            return scales(scales[2], scales[3]);
        }

        /** Output height and width; the scales become out / in. */
        public Builder sizes(long outH, long outW) {
            this.outH = outH;
            this.outW = outW;
            bySizes = true;
            onnxSizes = null;
            given = true;
            return this;
        }

        /** ONNX's sizes input, one per axis of NCHW; those of N and C must equal the input's. */
        public Builder onnxSizes(long... sizes) {
            Objects.requireNonNull(sizes, "resize: sizes are null");
            if (sizes.length != 4) {
                throw new IllegalArgumentException("resize: " + sizes.length + " sizes " + Arrays.toString(sizes)
                        + "; 4 (N, C, H, W) are needed");
            }
            sizes(sizes[2], sizes[3]);
            onnxSizes = sizes.clone();
            return this;
        }

        public Builder mode(Mode m) { mode = m; return this; }

        public Builder coordinateMode(CoordinateMode m) { coordinateMode = m; return this; }

        public Builder nearestMode(NearestMode m) { nearestMode = m; return this; }

        /** The memory order of source and destination; NCHW unless given. */
        public Builder layout(Layout l) { layout = l; return this; }

        public ResizeParams build() {
            Checks.positive("resize", "batch", batch);
            Checks.positive("resize", "channels", channels);
            Checks.positive("resize", "inH", inH);
            Checks.positive("resize", "inW", inW);
            if (!given) throw new IllegalArgumentException("resize: give scales or sizes");
            if (onnxSizes != null && (onnxSizes[0] != batch || onnxSizes[1] != channels)) {
                throw new IllegalArgumentException("resize: only H and W can be resized; sizes " + Arrays.toString(onnxSizes)
                        + " change N or C of the input [" + batch + ", " + channels + ", " + inH + ", " + inW + "]");
            }
            if (bySizes) {
                Checks.positive("resize", "outH", outH);
                Checks.positive("resize", "outW", outW);
                return new ResizeParams(batch, channels, inH, inW, outH, outW, (float) outH / (float) inH,
                        (float) outW / (float) inW, mode, coordinateMode, nearestMode, layout);
            }
            if (!(scaleH > 0) || !(scaleW > 0) || Float.isInfinite(scaleH) || Float.isInfinite(scaleW)) {
                throw new IllegalArgumentException("resize: scales must be finite and positive, got " + scaleH + " x " + scaleW);
            }
            return new ResizeParams(batch, channels, inH, inW, outSize("height", inH, scaleH), outSize("width", inW, scaleW),
                    scaleH, scaleW, mode, coordinateMode, nearestMode, layout);
        }
    }
}
