package io.frugal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frugal.ResizeParams.CoordinateMode;
import io.frugal.ResizeParams.Mode;
import io.frugal.ResizeParams.NearestMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resize kernel ("cpu:table") against a float64 reference written here from the ONNX Resize
 * definition (the coordinate transforms, then per axis the two neighbours of x_original with the
 * data padded with its edge values, weighted by ONNX's nearest or linear coefficients, as
 * onnx/reference/ops/op_resize.py does), over up-scales 2, 4 and 8 (the PaddleOCR det model's
 * nearest / asymmetric / floor), down-scales, non-integer scales, sizes, 1x1 and 7x7 images, odd
 * sizes, batch 3, channels 1 to 96, every coordinate mode and nearest mode. Every case runs in
 * NCHW and again in NHWC (the input transposed, the output transposed back, the same reference;
 * NHWC must also agree with NCHW bit for bit). NEAREST must be exact; LINEAR within rel. L2 1e-6.
 * The reference is itself checked against ONNX's backend test vectors.
 * Surefire reruns this class under each FRUGAL_MAX_ISA cap.
 */
@Tag("kernel") // rerun under every FRUGAL_MAX_ISA cap (java-bindings/pom.xml)
class ResizeTest {
    static final List<String> KERNELS = List.of("cpu:table");
    static final CoordinateMode[] COORDINATE_MODES = {CoordinateMode.HALF_PIXEL, CoordinateMode.PYTORCH_HALF_PIXEL,
        CoordinateMode.ALIGN_CORNERS, CoordinateMode.ASYMMETRIC, CoordinateMode.TF_HALF_PIXEL_FOR_NN};

    /** An input shape and either scales (H, W) or sizes (H, W). */
    record Geometry(long[] input, float[] scales, long[] sizes) {
        ResizeParams.Builder builder() {
            ResizeParams.Builder b = ResizeParams.builder().input(input);
            return scales != null ? b.scales(scales[0], scales[1]) : b.sizes(sizes[0], sizes[1]);
        }
    }

    static Geometry scaled(long n, long c, long h, long w, float sh, float sw) {
        return new Geometry(new long[] {n, c, h, w}, new float[] {sh, sw}, null);
    }

    static Geometry sized(long n, long c, long h, long w, long oh, long ow) {
        return new Geometry(new long[] {n, c, h, w}, null, new long[] {oh, ow});
    }

    static List<ResizeParams> cases() {
        List<ResizeParams> out = new ArrayList<>();
        // PaddleOCR det: nearest, asymmetric, floor, x2 / x4 / x8.
        for (float s : new float[] {2f, 4f, 8f}) {
            for (Geometry g : List.of(scaled(1, 3, 5, 7, s, s), scaled(3, 2, 4, 6, s, s), sized(1, 2, 5, 3, 5 * (long) s,
                    3 * (long) s), scaled(1, 96, 3, 4, s, s))) {
                out.add(g.builder().mode(Mode.NEAREST).coordinateMode(CoordinateMode.ASYMMETRIC)
                        .nearestMode(NearestMode.FLOOR).build());
            }
        }
        List<Geometry> geometries = List.of(
                scaled(1, 2, 5, 7, 2f, 2f),          // integer up-scale
                scaled(1, 2, 8, 9, 0.5f, 0.5f),      // down-scale
                scaled(1, 2, 6, 5, 1.7f, 0.6f),      // non-integer scales, up and down
                sized(1, 2, 5, 7, 12, 3),            // sizes: scale = out / in
                scaled(1, 1, 1, 1, 3f, 3f),          // a 1x1 image
                sized(1, 1, 7, 7, 1, 1),             // to 1x1 (out_len 1 in align_corners, pytorch_half_pixel)
                scaled(1, 1, 7, 7, 3f, 3f),          // a 7x7 image
                sized(3, 2, 7, 7, 10, 11),           // batch 3
                scaled(2, 3, 9, 13, 1.3f, 2.7f),     // odd sizes
                sized(1, 2, 3, 5, 9, 15),            // x3 through sizes
                sized(1, 1, 4, 4, 4, 4),             // same size
                scaled(1, 17, 5, 6, 1.5f, 0.7f),     // 17 channels: no vector width divides them
                sized(3, 17, 3, 4, 7, 9),            // batch 3, 17 channels
                sized(1, 96, 4, 5, 9, 7),            // 96 channels (PaddleOCR det neck width)
                scaled(2, 3, 6, 4, 2f, 0.5f));       // 3 channels (RGB), batch 2
        for (Geometry g : geometries) {
            for (CoordinateMode cm : COORDINATE_MODES) {
                for (NearestMode nm : NearestMode.values()) {
                    out.add(g.builder().mode(Mode.NEAREST).coordinateMode(cm).nearestMode(nm).build());
                }
                out.add(g.builder().mode(Mode.LINEAR).coordinateMode(cm).build());
            }
        }
        return out;
    }

    static Stream<Arguments> sweep() {
        return cases().stream().flatMap(p -> KERNELS.stream().map(k -> Arguments.of(p, k)));
    }

    /** The same resize in NHWC. */
    static ResizeParams nhwc(ResizeParams p) {
        return new ResizeParams(p.batch(), p.channels(), p.inH(), p.inW(), p.outH(), p.outW(), p.scaleH(), p.scaleW(),
                p.mode(), p.coordinateMode(), p.nearestMode(), Layout.NHWC);
    }

    /** [N, C, H, W] to [N, H, W, C]. */
    static float[] toNhwc(float[] x, long n, long c, long h, long w) {
        float[] y = new float[x.length];
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < c; ch++)
                for (int r = 0; r < h; r++)
                    for (int q = 0; q < w; q++) {
                        y[(int) (((i * h + r) * w + q) * c + ch)] = x[(int) (((i * c + ch) * h + r) * w + q)];
                    }
        return y;
    }

    /** [N, H, W, C] to [N, C, H, W]. */
    static float[] toNchw(float[] y, long n, long c, long h, long w) {
        float[] x = new float[y.length];
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < c; ch++)
                for (int r = 0; r < h; r++)
                    for (int q = 0; q < w; q++) {
                        x[(int) (((i * c + ch) * h + r) * w + q)] = y[(int) (((i * h + r) * w + q) * c + ch)];
                    }
        return x;
    }

    /** ONNX coordinate_transformation_mode: x_original of x_resized along one axis. */
    static double original(CoordinateMode m, long x, double scale, long inLen, long outLen) {
        switch (m) {
            case HALF_PIXEL: return (x + 0.5) / scale - 0.5;
            case PYTORCH_HALF_PIXEL: return outLen > 1 ? (x + 0.5) / scale - 0.5 : 0;
            case ALIGN_CORNERS: return outLen == 1 ? 0 : x * (double) (inLen - 1) / (outLen - 1);
            case ASYMMETRIC: return x / scale;
            case TF_HALF_PIXEL_FOR_NN: return (x + 0.5) / scale;
            default: throw new AssertionError(m);
        }
    }

    /**
     * One axis: the two neighbours of x (ONNX prefers the left pair, so an integer x = k gives k - 1
     * and k with ratio 1), values read with edge padding, and ONNX's coefficients for the ratio.
     * Returns {left, right, coefficient of left, coefficient of right}, indices already clamped.
     */
    static double[] taps(ResizeParams p, double x, long len) {
        long lo = (long) Math.floor(x);
        double ratio = x - lo;
        long left = lo, right = lo + 1;
        if (ratio == 0) {
            left = lo - 1;
            right = lo;
            ratio = 1;
        }
        double c0, c1;
        if (p.mode() == Mode.LINEAR) {
            c0 = 1 - ratio;
            c1 = ratio;
        } else if (ratio == 1) {
            c0 = 0;
            c1 = 1;
        } else {
            boolean right1;
            switch (p.nearestMode()) {
                case ROUND_PREFER_FLOOR: right1 = ratio > 0.5; break;
                case ROUND_PREFER_CEIL: right1 = ratio >= 0.5; break;
                case FLOOR: right1 = false; break;
                default: right1 = true; break;
            }
            c0 = right1 ? 0 : 1;
            c1 = right1 ? 1 : 0;
        }
        return new double[] {Math.max(0, Math.min(left, len - 1)), Math.max(0, Math.min(right, len - 1)), c0, c1};
    }

    static double[] reference(ResizeParams p, float[] x) {
        int n = (int) p.batch(), c = (int) p.channels(), ih = (int) p.inH(), iw = (int) p.inW();
        int oh = (int) p.outH(), ow = (int) p.outW();
        double[] y = new double[n * c * oh * ow];
        for (int plane = 0; plane < n * c; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                double[] ty = taps(p, original(p.coordinateMode(), oy, p.scaleH(), ih, oh), ih);
                for (int ox = 0; ox < ow; ox++) {
                    double[] tx = taps(p, original(p.coordinateMode(), ox, p.scaleW(), iw, ow), iw);
                    double v = 0;
                    for (int a = 0; a < 2; a++) {
                        double row = 0;
                        for (int b = 0; b < 2; b++) {
                            row += tx[2 + b] * x[(plane * ih + (int) ty[a]) * iw + (int) tx[b]];
                        }
                        v += ty[2 + a] * row;
                    }
                    y[(plane * oh + oy) * ow + ox] = v;
                }
            }
        }
        return y;
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("sweep")
    void matchesFloat64Reference(ResizeParams p, String kernel) {
        float[] data = Reference.uniform(p.describe().hashCode(), (int) Tensor.elementCount(p.inputShape()));
        try (Resize op = Resize.create(p, kernel);
             Tensor src = Tensor.fromArray(data, p.inputShape());
             Tensor dst = Tensor.allocate(DType.F32, p.outputShape())) {
            String name = op.kernel();
            assertTrue(name.startsWith(kernel), () -> "pinned " + kernel + " but got " + name);
            float[] nan = new float[(int) dst.elementCount()];
            Arrays.fill(nan, Float.NaN);
            dst.copyFrom(nan);
            op.run(src, dst);
            double[] want = reference(p, data);
            float[] got = dst.toFloatArray();
            if (p.mode() == Mode.NEAREST) {
                for (int i = 0; i < got.length; i++) {
                    int at = i;
                    assertEquals((float) want[i], got[i], 0f, () -> p + " on " + name + ": element " + at);
                }
            } else {
                double err = Reference.relativeL2(got, want);
                assertTrue(err <= 1e-6, () -> p + " on " + name + ": rel. L2 " + err);
            }
            try (Resize twin = op.share(); Tensor again = twin.run(src)) {
                assertEquals(name, twin.kernel());
                assertArrayEquals(got, again.toFloatArray());
            }
        }
    }

    /**
     * Every case of {@link #sweep} in NHWC: the NCHW input transposed, the result transposed back
     * and held to the same float64 reference and tolerances, and to the NCHW result bit for bit
     * (both layouts blend in the same order).
     */
    @ParameterizedTest(name = "{0} in NHWC [{1}]")
    @MethodSource("sweep")
    void nhwcMatchesTheSameReference(ResizeParams p, String kernel) {
        ResizeParams q = nhwc(p);
        assertArrayEquals(new long[] {p.batch(), p.inH(), p.inW(), p.channels()}, q.inputShape());
        assertArrayEquals(new long[] {p.batch(), p.outH(), p.outW(), p.channels()}, q.outputShape());
        float[] data = Reference.uniform(p.describe().hashCode(), (int) Tensor.elementCount(p.inputShape()));
        float[] nchwGot;
        try (Resize op = Resize.create(p, kernel);
             Tensor src = Tensor.fromArray(data, p.inputShape());
             Tensor y = op.run(src)) {
            nchwGot = y.toFloatArray();
        }
        try (Resize op = Resize.create(q, kernel);
             Tensor src = Tensor.fromArray(toNhwc(data, p.batch(), p.channels(), p.inH(), p.inW()), q.inputShape());
             Tensor dst = Tensor.allocate(DType.F32, q.outputShape())) {
            String name = op.kernel();
            assertTrue(name.startsWith(kernel), () -> "pinned " + kernel + " but got " + name);
            assertArrayEquals(q.inputShape(), op.inputShape());
            assertArrayEquals(q.outputShape(), op.outputShape());
            float[] nan = new float[(int) dst.elementCount()];
            Arrays.fill(nan, Float.NaN);
            dst.copyFrom(nan);
            op.run(src, dst);
            float[] raw = dst.toFloatArray();
            float[] got = toNchw(raw, p.batch(), p.channels(), p.outH(), p.outW());
            double[] want = reference(p, data);
            if (p.mode() == Mode.NEAREST) {
                for (int i = 0; i < got.length; i++) {
                    int at = i;
                    assertEquals((float) want[i], got[i], 0f, () -> q + " on " + name + ": element " + at + " (NCHW index)");
                }
            } else {
                double err = Reference.relativeL2(got, want);
                assertTrue(err <= 1e-6, () -> q + " on " + name + ": rel. L2 " + err);
            }
            assertArrayEquals(nchwGot, got, () -> q + " on " + name + " differs from NCHW");
            try (Resize twin = op.share(); Tensor again = twin.run(src)) {
                assertEquals(name, twin.kernel());
                assertArrayEquals(raw, again.toFloatArray());
            }
        }
    }

    /** The kernel on ONNX's backend test vectors (onnx/backend/test/case/node/resize.py). */
    @Test
    void matchesOnnxBackendTestVectors() {
        float[] square = {1, 2, 3, 4};
        float[] wide = {1, 2, 3, 4, 5, 6, 7, 8};
        // resize_upsample_scales_nearest: scales [1, 1, 2, 3], half_pixel, round_prefer_floor
        check(ResizeParams.builder().input(1, 1, 2, 2).onnxScales(1, 1, 2, 3).build(), square,
                1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4);
        // resize_downsample_scales_nearest: scales [1, 1, 0.6, 0.6]
        check(ResizeParams.builder().input(1, 1, 2, 4).onnxScales(1, 1, 0.6f, 0.6f).build(), wide, 1, 3);
        // resize_upsample_scales_linear: scales [1, 1, 2, 2], half_pixel
        check(ResizeParams.builder().input(1, 1, 2, 2).onnxScales(1, 1, 2, 2).mode(Mode.LINEAR).build(), square,
                1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3, 3.25f, 3.75f, 4);
        // resize_upsample_scales_linear_align_corners
        check(ResizeParams.builder().input(1, 1, 2, 2).onnxScales(1, 1, 2, 2).mode(Mode.LINEAR)
                .coordinateMode(CoordinateMode.ALIGN_CORNERS).build(), square,
                1, 4 / 3f, 5 / 3f, 2, 5 / 3f, 2, 7 / 3f, 8 / 3f, 7 / 3f, 8 / 3f, 3, 10 / 3f, 3, 10 / 3f, 11 / 3f, 4);
        // resize_downsample_scales_linear: scales [1, 1, 0.6, 0.6]
        check(ResizeParams.builder().input(1, 1, 2, 4).onnxScales(1, 1, 0.6f, 0.6f).mode(Mode.LINEAR).build(), wide,
                2.6666665f, 4.3333331f);
        // resize_upsample_sizes_nearest_floor_align_corners: 4x4 -> 8x8; first row
        float[] four = new float[16];
        for (int i = 0; i < 16; i++) four[i] = i + 1;
        ResizeParams p = ResizeParams.builder().input(1, 1, 4, 4).onnxSizes(1, 1, 8, 8)
                .coordinateMode(CoordinateMode.ALIGN_CORNERS).nearestMode(NearestMode.FLOOR).build();
        try (Resize op = Resize.create(p); Tensor x = Tensor.fromArray(four, p.inputShape()); Tensor y = op.run(x)) {
            float[] got = Arrays.copyOf(y.toFloatArray(), 8);
            assertArrayEquals(new float[] {1, 1, 1, 2, 2, 3, 3, 4}, got, p.toString());
        }
    }

    private static void check(ResizeParams p, float[] input, float... expected) {
        double[] ref = reference(p, input);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], ref[i], 1e-6, p + ": reference " + i);
        try (Resize op = Resize.create(p); Tensor x = Tensor.fromArray(input, p.inputShape()); Tensor y = op.run(x)) {
            assertEquals("cpu:table", op.kernel());
            assertArrayEquals(expected, y.toFloatArray(), 1e-6f, p.toString());
        }
    }

    @Test
    void builderDerivesSizesAndScalesAsOnnxDoes() {
        ResizeParams s = ResizeParams.builder().input(1, 3, 5, 7).scales(1.7f, 0.6f).build();
        assertArrayEquals(new long[] {1, 3, 8, 4}, s.outputShape()); // floor(8.5), floor(4.2)
        assertEquals(Mode.NEAREST, s.mode());
        assertEquals(CoordinateMode.HALF_PIXEL, s.coordinateMode());
        assertEquals(NearestMode.ROUND_PREFER_FLOOR, s.nearestMode());
        assertEquals(Layout.NCHW, s.layout());
        ResizeParams h = ResizeParams.builder().input(1, 3, 5, 7).scales(1.7f, 0.6f).layout(Layout.NHWC).build();
        assertEquals(Layout.NHWC, h.layout());
        assertArrayEquals(new long[] {1, 5, 7, 3}, h.inputShape());
        assertArrayEquals(new long[] {1, 8, 4, 3}, h.outputShape());
        assertEquals(s.describe() + "_nhwc", h.describe());
        assertEquals(new ResizeParams(1, 3, 5, 7, 8, 4, 1.7f, 0.6f, Mode.NEAREST, CoordinateMode.HALF_PIXEL,
                NearestMode.ROUND_PREFER_FLOOR), s, "the 11-argument constructor is NCHW");
        try (Resize op = Resize.create(h)) {
            assertArrayEquals(new long[] {1, 5, 7, 3}, op.inputShape());
            assertArrayEquals(new long[] {1, 8, 4, 3}, op.outputShape());
        }
        ResizeParams z = ResizeParams.builder().input(new long[] {2, 3, 5, 7}).sizes(12, 3).build();
        assertEquals(12f / 5f, z.scaleH());
        assertEquals(3f / 7f, z.scaleW());
        assertArrayEquals(new long[] {2, 3, 12, 3}, z.outputShape());
        ResizeParams o = ResizeParams.builder().input(2, 3, 5, 7).onnxSizes(2, 3, 10, 14).build();
        assertEquals(2f, o.scaleH());
        assertEquals(Mode.LINEAR, Mode.fromOnnx("linear"));
        assertEquals(CoordinateMode.TF_HALF_PIXEL_FOR_NN, CoordinateMode.fromOnnx("tf_half_pixel_for_nn"));
        assertEquals(NearestMode.ROUND_PREFER_CEIL, NearestMode.fromOnnx("round_prefer_ceil"));
        try (Resize op = Resize.create(o)) {
            assertEquals("cpu:table", op.kernel());
            assertArrayEquals(new long[] {2, 3, 5, 7}, op.inputShape());
            assertArrayEquals(new long[] {2, 3, 10, 14}, op.outputShape());
        }
    }

    @Test
    void badInputIsRefusedBeforeNativeCode() {
        ResizeParams.Builder ok = ResizeParams.builder().input(1, 2, 3, 4);
        Pool2dTest.fails(NullPointerException.class, () -> Resize.create(null), "params");
        Pool2dTest.fails(NullPointerException.class, () -> ok.scales(2, 2).mode(null).build(), "mode");
        ok.mode(Mode.NEAREST);
        Pool2dTest.fails(NullPointerException.class, () -> ok.scales(2, 2).coordinateMode(null).build(), "coordinateMode");
        ok.coordinateMode(CoordinateMode.HALF_PIXEL);
        Pool2dTest.fails(NullPointerException.class, () -> ok.scales(2, 2).nearestMode(null).build(), "nearestMode");
        ok.nearestMode(NearestMode.FLOOR);
        Pool2dTest.fails(NullPointerException.class, () -> ok.scales(2, 2).layout(null).build(), "layout");
        ok.layout(Layout.NCHW);
        Pool2dTest.fails(NullPointerException.class, () -> new ResizeParams(1, 1, 1, 1, 1, 1, 1f, 1f, Mode.LINEAR,
                CoordinateMode.ASYMMETRIC, NearestMode.FLOOR, null), "layout");
        Pool2dTest.fails(NullPointerException.class, () -> ResizeParams.builder().input(null), "input shape");
        Pool2dTest.fails(NullPointerException.class, () -> Mode.fromOnnx(null), "mode");
        Pool2dTest.fails(IllegalArgumentException.class, () -> Mode.fromOnnx("bicubic"), "'bicubic'", "nearest");
        Pool2dTest.fails(IllegalArgumentException.class, () -> NearestMode.fromOnnx("round"), "nearest_mode", "'round'");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ResizeParams.builder().input(new long[] {1, 2, 3}),
                "4-D NCHW");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ResizeParams.builder().input(1, 2, 3, 4).build(),
                "scales or sizes");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ResizeParams.builder().scales(2, 2).build(), "channels");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ResizeParams.builder().input(0, 2, 3, 4).scales(2, 2)
                .build(), "batch", "0");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ResizeParams.builder().input(1, 2, -3, 4).scales(2, 2)
                .build(), "inH", "-3");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ok.scales(0, 2).build(), "finite and positive", "0.0");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ok.scales(2, Float.NaN).build(), "NaN");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ok.scales(Float.POSITIVE_INFINITY, 2).build(), "Infinity");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ok.scales(0.2f, 2).build(), "output height", "= 0");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ok.scales(2, 1e30f).build(), "width", "overflows");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ok.sizes(0, 4).build(), "outH", "0");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ok.onnxScales(2, 2), "2 scales", "4 (N, C, H, W)");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ok.onnxScales(2, 1, 2, 2), "only H and W", "2.0");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ok.onnxScales(1, 0.5f, 2, 2), "only H and W", "0.5");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ok.onnxSizes(1, 2, 6), "3 sizes");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ok.onnxSizes(1, 4, 6, 8).build(), "only H and W",
                "[1, 4, 6, 8]");
        Pool2dTest.fails(IllegalArgumentException.class, () -> ok.scales(2, 2).mode(Mode.CUBIC).build(), "CUBIC",
                "NEAREST and LINEAR");
        ok.mode(Mode.LINEAR);
        Pool2dTest.fails(IllegalArgumentException.class, () -> ok.scales(2, 2)
                .coordinateMode(CoordinateMode.TF_CROP_AND_RESIZE).build(), "TF_CROP_AND_RESIZE");
        ok.coordinateMode(CoordinateMode.ASYMMETRIC);
        Pool2dTest.fails(IllegalArgumentException.class, () -> new ResizeParams(1, 1, 1, 1, 1, 1, 1f, -1f, Mode.LINEAR,
                CoordinateMode.ASYMMETRIC, NearestMode.FLOOR), "-1.0");
        Pool2dTest.fails(IllegalArgumentException.class, () -> new ResizeParams(1 << 20, 1 << 20, 1 << 20, 1 << 20, 1, 1,
                1f, 1f, Mode.LINEAR, CoordinateMode.ASYMMETRIC, NearestMode.FLOOR), "overflow");
        Resize op = Resize.create(ok.scales(2, 2).build());
        try (Tensor x = Tensor.allocate(DType.F32, 1, 2, 3, 4);
             Tensor y = Tensor.allocate(DType.F32, 1, 2, 6, 8);
             Tensor s8 = Tensor.allocate(DType.S8, 1, 2, 3, 4)) {
            Pool2dTest.fails(NullPointerException.class, () -> op.run(null, y), "src");
            Pool2dTest.fails(NullPointerException.class, () -> op.run(x, null), "dst");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(y, y), "src shape", "[1, 2, 6, 8]");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(s8, y), "src", "F32", "S8");
            Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(x, x), "dst shape");
            try (Resize same = Resize.create(ResizeParams.builder().input(1, 2, 3, 4).sizes(3, 4).build())) {
                Pool2dTest.fails(IllegalArgumentException.class, () -> same.run(x, x), "overlap");
            }
            // An NHWC resize takes [N, H, W, C]: the NCHW tensors of the same resize are refused.
            try (Resize nhwc = Resize.create(ResizeParams.builder().input(1, 2, 3, 4).scales(2, 2).layout(Layout.NHWC)
                    .build())) {
                Pool2dTest.fails(IllegalArgumentException.class, () -> nhwc.run(x, y), "src shape", "[1, 2, 3, 4]");
            }
            Pool2dTest.fails(FrugalException.class, () -> Resize.create(op.params(), "onednn"), "onednn", "cpu:table");
            op.close();
            Pool2dTest.fails(IllegalStateException.class, () -> op.run(x, y), "closed resize");
            Pool2dTest.fails(IllegalStateException.class, op::share, "closed resize");
            op.close(); // twice is fine
        }
    }
}
