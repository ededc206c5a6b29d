package io.frugal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Every transposed-convolution kernel ("onednn", "ref") against a float64 reference written here
 * in ONNX ConvTranspose's scatter form (the native reference gathers), over odd shapes: strides,
 * asymmetric pads, output padding, dilation, groups (depthwise included), bias or none, fused
 * activations, NCHW and NHWC; plus bad input. Surefire reruns this class under each
 * FRUGAL_MAX_ISA cap.
 */
@Tag("kernel") // rerun under every FRUGAL_MAX_ISA cap (java-bindings/pom.xml)
class ConvTranspose2dTest {
    static final double TOLERANCE = 1e-5;
    static final List<String> KERNELS = List.of("onednn", "ref");

    static ConvTranspose2dParams.Builder b() { return ConvTranspose2dParams.builder(); }

    static List<ConvTranspose2dParams> shapes() {
        List<ConvTranspose2dParams.Builder> base = List.of(
                b().input(3, 5, 7).outChannels(5).kernel(3, 3),
                b().batch(2).input(8, 4, 5).outChannels(6).kernel(2, 2).stride(2), // PaddleOCR det upsampling
                b().input(4, 5, 3).outChannels(6).kernel(3, 2).stride(2, 3).padding(1, 0, 2, 1).outputPadding(1, 2),
                b().input(6, 4, 4).outChannels(9).kernel(3, 3).stride(2).padding(1).outputPadding(1, 1).groups(3),
                b().input(5, 6, 5).outChannels(5).kernel(4, 4).stride(2).padding(1).groups(5), // depthwise
                b().batch(3).input(3, 3, 4).outChannels(2).kernel(3, 2).dilation(2, 3).padding(2, 1, 0, 3),
                b().input(7, 1, 1).outChannels(3).kernel(5, 3).stride(3),
                b().input(2, 3, 3).outChannels(4).kernel(2, 3).stride(1, 2).dilation(2, 1).outputPadding(1, 1));
        List<ConvTranspose2dParams> out = new ArrayList<>();
        Activation[] acts = {Activation.none(), Activation.relu(), Activation.hardSwish()};
        for (int i = 0; i < base.size(); i++) {
            for (Layout l : Layout.values()) out.add(base.get(i).layout(l).activation(acts[(i + l.ordinal()) % acts.length]).build());
        }
        return out;
    }

    static Stream<Arguments> sweep() {
        return shapes().stream().flatMap(p -> Stream.of(true, false)
                .flatMap(bias -> KERNELS.stream().map(k -> Arguments.of(p, bias, k))));
    }

    /** oneDNN's deconvolution takes output padding only below the stride; the reference serves the rest. */
    static boolean onednnDeclines(ConvTranspose2dParams p) {
        return p.outputPaddingH() >= p.strideH() || p.outputPaddingW() >= p.strideW();
    }

    /** ONNX ConvTranspose as a scatter: every input tap adds src * w into dst, then bias and act. */
    static double[] reference(ConvTranspose2dParams p, float[] src, float[] w, float[] bias) {
        int n = (int) p.batch(), c = (int) p.inChannels(), h = (int) p.inH(), wd = (int) p.inW();
        int oc = (int) p.outChannels(), oh = (int) p.outH(), ow = (int) p.outW();
        int kh = (int) p.kernelH(), kw = (int) p.kernelW(), g = (int) p.groups(), icg = c / g, ocg = oc / g;
        boolean nhwc = p.layout() == Layout.NHWC;
        double[] acc = new double[n * oc * oh * ow]; // NCHW while accumulating
        for (int b = 0; b < n; b++)
            for (int ic = 0; ic < c; ic++) {
                int grp = ic / icg;
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < wd; x++) {
                        double v = src[nhwc ? ((b * h + y) * wd + x) * c + ic : ((b * c + ic) * h + y) * wd + x];
                        for (int o = 0; o < ocg; o++)
                            for (int ky = 0; ky < kh; ky++) {
                                long ty = (long) y * p.strideH() - p.padTop() + ky * p.dilationH();
                                if (ty < 0 || ty >= oh) continue;
                                for (int kx = 0; kx < kw; kx++) {
                                    long tx = (long) x * p.strideW() - p.padLeft() + kx * p.dilationW();
                                    if (tx < 0 || tx >= ow) continue;
                                    int co = grp * ocg + o;
                                    acc[(int) (((b * oc + co) * (long) oh + ty) * ow + tx)] += v * w[((ic * ocg + o) * kh + ky) * kw + kx];
                                }
                            }
                    }
            }
        double[] dst = new double[acc.length];
        for (int b = 0; b < n; b++)
            for (int co = 0; co < oc; co++)
                for (int y = 0; y < oh; y++)
                    for (int x = 0; x < ow; x++) {
                        double v = acc[((b * oc + co) * oh + y) * ow + x] + (bias == null ? 0 : bias[co]);
                        dst[nhwc ? ((b * oh + y) * ow + x) * oc + co : ((b * oc + co) * oh + y) * ow + x] =
                                Reference.activation(p.activation(), v);
                    }
        return dst;
    }

    @ParameterizedTest(name = "{0} bias={1} [{2}]")
    @MethodSource("sweep")
    void matchesFloat64Reference(ConvTranspose2dParams p, boolean withBias, String kernel) {
        long seed = p.hashCode() * 31L + (withBias ? 1 : 0);
        float[] x = Reference.uniform(seed, (int) Tensor.elementCount(p.inputShape()));
        float[] w = Reference.uniform(seed + 1, (int) Tensor.elementCount(p.weightShape()));
        float[] bias = withBias ? Reference.uniform(seed + 2, (int) p.outChannels()) : null;
        double[] want = reference(p, x, w, bias);
        if (kernel.equals("onednn") && onednnDeclines(p)) {
            try (Tensor wt = Tensor.fromArray(w, p.weightShape())) {
                FrugalException e = assertThrows(FrugalException.class, () -> ConvTranspose2d.create(p, wt, null, kernel).close());
                assertEquals(ErrorCode.UNIMPLEMENTED, e.code());
            }
            return;
        }
        try (Tensor wt = Tensor.fromArray(w, p.weightShape());
             Tensor bt = bias == null ? null : Tensor.fromArray(bias, p.outChannels());
             ConvTranspose2d op = ConvTranspose2d.create(p, wt, bt, kernel);
             Tensor src = Tensor.fromArray(x, p.inputShape());
             Tensor dst = Tensor.allocate(DType.F32, p.outputShape())) {
            String name = op.kernel();
            assertTrue(name.startsWith(kernel), () -> "pinned " + kernel + " but got " + name);
            assertFalse(IsaSupport.namesIsaAbove(name, IsaSupport.effective()), name);
            assertArrayEquals(p.outputShape(), op.outputShape());
            float[] nan = new float[(int) dst.elementCount()];
            Arrays.fill(nan, Float.NaN);
            dst.copyFrom(nan);
            op.run(src, dst);
            double err = Reference.relativeL2(dst.toFloatArray(), want);
            assertTrue(err <= TOLERANCE, () -> p + " on " + name + ": relative L2 " + err);
            // Weights were packed at create: the caller's copy may change without effect.
            wt.copyFrom(new float[w.length]);
            try (ConvTranspose2d twin = op.share(); Tensor again = twin.run(src)) {
                assertEquals(name, twin.kernel());
                assertArrayEquals(dst.toFloatArray(), again.toFloatArray());
            }
        }
    }

    @Test
    void unpinnedPrefersOnednnAndFallsBackToRef() {
        ConvTranspose2dParams fast = b().input(4, 5, 5).outChannels(4).kernel(2, 2).stride(2).build();
        ConvTranspose2dParams odd = b().input(2, 3, 3).outChannels(2).kernel(2, 2).dilation(2).outputPadding(1, 1).build();
        try (Tensor w = Tensor.allocate(DType.F32, fast.weightShape());
             Tensor w2 = Tensor.allocate(DType.F32, odd.weightShape());
             ConvTranspose2d a = ConvTranspose2d.create(fast, w, null);
             ConvTranspose2d c = ConvTranspose2d.create(odd, w2, null)) {
            assertTrue(a.kernel().startsWith("onednn:"), a.kernel());
            assertEquals("ref:direct", c.kernel());
        }
    }

    @Test
    void outputSizeFollowsOnnx() {
        // PaddleOCR det: k2 s2 doubles the size; k3 s2 p1 op1 too.
        assertArrayEquals(new long[] {1, 4, 20, 26}, b().input(8, 10, 13).outChannels(4).kernel(2, 2).stride(2).build().outputShape());
        assertArrayEquals(new long[] {1, 20, 26, 4}, b().input(8, 10, 13).outChannels(4).kernel(3, 3).stride(2).padding(1)
                .outputPadding(1, 1).layout(Layout.NHWC).build().outputShape());
        assertArrayEquals(new long[] {8, 4, 2, 2}, b().input(8, 10, 13).outChannels(4).kernel(2, 2).build().weightShape());
    }

    @Test
    void badInputIsRefusedBeforeNativeCode() {
        Pool2dTest.fails(IllegalArgumentException.class, () -> b().input(3, 5, 5).outChannels(4).kernel(3, 0).build(), "kernelW", "positive");
        Pool2dTest.fails(IllegalArgumentException.class, () -> b().input(3, 5, 5).outChannels(4).kernel(3, 3).padding(-1).build(),
                "padTop", "negative");
        Pool2dTest.fails(IllegalArgumentException.class,
                () -> b().input(3, 5, 5).outChannels(4).kernel(3, 3).stride(2).outputPadding(2, 0).build(), "outputPaddingH", "smaller");
        Pool2dTest.fails(IllegalArgumentException.class, () -> b().input(3, 5, 5).outChannels(4).kernel(3, 3).groups(2).build(),
                "groups 2");
        Pool2dTest.fails(IllegalArgumentException.class, () -> b().input(3, 1, 1).outChannels(4).kernel(1, 1).padding(1).build(),
                "empty output");
        Pool2dTest.fails(IllegalArgumentException.class,
                () -> b().input(3, Long.MAX_VALUE / 2, 5).outChannels(4).kernel(3, 3).stride(4).build(), "overflow");
        Pool2dTest.fails(NullPointerException.class, () -> b().input(3, 5, 5).outChannels(4).kernel(3, 3).layout(null).build(), "layout");
        ConvTranspose2dParams p = b().input(3, 5, 5).outChannels(4).kernel(3, 3).build();
        Pool2dTest.fails(NullPointerException.class, () -> ConvTranspose2d.create(null, null, null), "params");
        Pool2dTest.fails(NullPointerException.class, () -> ConvTranspose2d.create(p, null, null), "weights");
        try (Tensor wrongW = Tensor.allocate(DType.F32, 4, 3, 3, 3);
             Tensor w = Tensor.allocate(DType.F32, p.weightShape());
             Tensor wrongB = Tensor.allocate(DType.F32, 3)) {
            Pool2dTest.fails(IllegalArgumentException.class, () -> ConvTranspose2d.create(p, wrongW, null), "weights shape", "[3, 4, 3, 3]");
            Pool2dTest.fails(IllegalArgumentException.class, () -> ConvTranspose2d.create(p, w, wrongB), "bias shape", "[4]");
            Pool2dTest.fails(FrugalException.class, () -> ConvTranspose2d.create(p, w, null, "nosuch"), "nosuch");
            ConvTranspose2d op = ConvTranspose2d.create(p, w, null);
            try (Tensor src = Tensor.allocate(DType.F32, p.inputShape());
                 Tensor dst = Tensor.allocate(DType.F32, p.outputShape())) {
                Pool2dTest.fails(IllegalArgumentException.class, () -> op.run(dst, dst), "src shape");
                Pool2dTest.fails(NullPointerException.class, () -> op.run(src, null), "dst");
                op.close();
                Pool2dTest.fails(IllegalStateException.class, () -> op.run(src, dst), "closed conv_transpose2d");
                Pool2dTest.fails(IllegalStateException.class, op::share, "closed conv_transpose2d");
            }
        }
    }
}
