package io.frugal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every binary-weight conv2d kernel ("avx512:bwn", "avx2:bwn", "ref:direct") against {@link Conv2d}
 * (oneDNN fp32) run with the weights sign(W) * alpha, and the bwn kernels against ref:direct, each
 * within 1e-5 of the output's largest magnitude (the kernels sum in float, ref in double, oneDNN
 * in its own order). Shapes sweep channel counts around the 16/32-channel blocks, tails of output
 * channels, borders, strides, dilation, groups and depthwise, asymmetric padding and batch.
 * Kernels above the process's ISA are skipped (surefire reruns kernel tests under FRUGAL_MAX_ISA
 * caps).
 */
@Tag("kernel")
class BinaryWeightConv2dTest {
    static final List<TemplateKernel> KERNELS = List.of(new TemplateKernel("avx512:bwn", Isa.AVX512),
            new TemplateKernel("avx2:bwn", Isa.AVX2), new TemplateKernel("ref:direct", Isa.SCALAR));
    static final double TOLERANCE = 1e-5;

    /** c, h, w, oc, kh, kw, stride, padTop, padLeft, padBottom, padRight, dilation, groups, batch. */
    static final long[][] CASES = {
        {1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1},
        {3, 7, 7, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},
        {63, 9, 9, 17, 3, 3, 2, 1, 1, 1, 1, 1, 1, 1},
        {64, 8, 8, 33, 5, 5, 1, 2, 2, 2, 2, 1, 1, 1},
        {65, 6, 7, 100, 2, 3, 1, 0, 1, 1, 0, 1, 1, 1},
        {130, 5, 5, 33, 3, 3, 3, 1, 1, 1, 1, 2, 1, 1},
        {512, 4, 4, 17, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},
        {64, 10, 10, 34, 3, 3, 1, 1, 2, 0, 1, 1, 2, 1},
        {40, 20, 20, 48, 3, 3, 1, 1, 1, 1, 1, 1, 4, 2},
        {33, 57, 57, 33, 3, 3, 1, 1, 1, 1, 1, 1, 33, 1},
        {17, 11, 11, 17, 5, 5, 1, 2, 2, 2, 2, 1, 17, 3},
        {3, 57, 57, 7, 3, 3, 2, 1, 1, 1, 1, 1, 1, 1},
        {70, 11, 11, 12, 3, 3, 2, 1, 1, 1, 1, 2, 1, 3},
        {64, 13, 13, 100, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1},
        {130, 5, 5, 7, 3, 3, 1, 4, 4, 4, 4, 1, 1, 1},
        {32, 30, 29, 64, 3, 3, 1, 0, 2, 1, 0, 1, 1, 1},
    };

    static final Activation[] ACTIVATIONS = {Activation.none(), Activation.relu(), Activation.leakyRelu(0.25f)};

    static Conv2dParams geometry(long[] c, Activation act) {
        return Conv2dParams.builder().batch(c[13]).input(c[0], c[1], c[2]).outChannels(c[3]).kernel(c[4], c[5])
                .stride(c[6]).padding(c[7], c[8], c[9], c[10]).dilation(c[11]).groups(c[12]).layout(Layout.NHWC)
                .activation(act).build();
    }

    static Stream<Arguments> sweep() {
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < CASES.length; i++)
            for (TemplateKernel k : KERNELS) out.add(Arguments.of(i, k));
        return out.stream();
    }

    record Data(float[] x, float[] w, float[] bias) {}

    static Data data(Conv2dParams g, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[(int) Tensor.elementCount(g.inputShape())];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        float[] w = new float[(int) Tensor.elementCount(g.weightShape())];
        for (int i = 0; i < w.length; i++) w[i] = i % 17 == 0 ? 0f : (float) r.nextGaussian();  // 0 binarizes to +1
        float[] bias = new float[(int) g.outChannels()];
        for (int i = 0; i < bias.length; i++) bias[i] = (float) r.nextGaussian() * 3;
        return new Data(x, w, bias);
    }

    /** alpha[oc] = mean |W[oc]| in double, rounded to float, as frugal.h states. */
    static float[] alpha(Conv2dParams g, float[] w) {
        int oc = (int) g.outChannels(), per = w.length / oc;
        float[] a = new float[oc];
        for (int o = 0; o < oc; o++) {
            double s = 0;
            for (int i = 0; i < per; i++) s += Math.abs((double) w[o * per + i]);
            a[o] = (float) (s / per);
        }
        return a;
    }

    static float[] run(Conv2dParams g, Data d, float[] mult, String kernel) {
        try (Tensor x = Tensor.fromArray(d.x, g.inputShape());
             Tensor w = Tensor.fromArray(d.w, g.weightShape());
             Tensor m = mult == null ? null : Tensor.fromArray(mult, g.outChannels());
             Tensor b = Tensor.fromArray(d.bias, g.outChannels());
             BinaryWeightConv2d conv = BinaryWeightConv2d.create(g, w, m, b, kernel);
             Tensor y = conv.run(x)) {
            assertTrue(conv.kernel().startsWith(kernel), conv.kernel());
            return y.toFloatArray();
        }
    }

    /** oneDNN fp32 Conv2d with the weights sign(W) * scale[oc]. */
    static float[] oneDnn(Conv2dParams g, Data d, float[] scale) {
        float[] fw = d.w.clone();
        int per = fw.length / scale.length;
        for (int i = 0; i < fw.length; i++) fw[i] = (fw[i] >= 0 ? 1f : -1f) * scale[i / per];
        try (Tensor x = Tensor.fromArray(d.x, g.inputShape());
             Tensor w = Tensor.fromArray(fw, g.weightShape());
             Tensor b = Tensor.fromArray(d.bias, g.outChannels());
             Conv2d conv = Conv2d.create(g, w, b);
             Tensor y = conv.run(x)) {
            return y.toFloatArray();
        }
    }

    static void assertClose(float[] expected, float[] got, String what) {
        assertEquals(expected.length, got.length, what);
        double max = 0;
        for (float e : expected) max = Math.max(max, Math.abs(e));
        double bound = TOLERANCE * max + 1e-6;
        for (int i = 0; i < got.length; i++) {
            double err = Math.abs((double) got[i] - expected[i]);
            if (!(err <= bound)) {
                throw new AssertionError(what + ": element " + i + " is " + got[i] + ", expected " + expected[i]
                        + " (error " + err + " > " + bound + " = " + TOLERANCE + " * max |y| " + max + ")");
            }
        }
    }

    @ParameterizedTest(name = "case {0} {1}")
    @MethodSource("sweep")
    void matchesOneDnnAndReference(int caseIndex, TemplateKernel kernel) {
        IsaSupport.assumeIsa(kernel.isa(), kernel.id());
        long[] c = CASES[caseIndex];
        for (Activation act : ACTIVATIONS) {
            Conv2dParams g = geometry(c, act);
            String what = g.descriptor() + " " + act + " " + kernel;
            Data d = data(g, 1000 + caseIndex);
            float[] got = run(g, d, null, kernel.id());
            assertClose(oneDnn(g, d, alpha(g, d.w)), got, what + " vs oneDNN");
            if (!kernel.id().equals("ref:direct")) assertClose(run(g, d, null, "ref:direct"), got, what + " vs ref:direct");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void givenMultiplierReplacesAlpha(TemplateKernel kernel) {
        IsaSupport.assumeIsa(kernel.isa(), kernel.id());
        Conv2dParams g = geometry(CASES[4], Activation.leakyRelu(0.1f));
        Data d = data(g, 42);
        SplittableRandom r = new SplittableRandom(5);
        float[] mult = new float[(int) g.outChannels()];
        for (int i = 0; i < mult.length; i++) mult[i] = (float) (r.nextDouble() * 2 - 0.5);
        assertClose(oneDnn(g, d, mult), run(g, d, mult, kernel.id()), "given multiplier " + kernel);
        // A multiplier equal to alpha is exactly what a null multiplier computes.
        assertArrayEquals(run(g, d, null, kernel.id()), run(g, d, alpha(g, d.w), kernel.id()), "alpha " + kernel);
    }

    /**
     * An activation the kernels take through the reference's function (abs), on output pixels
     * whose taps all fall outside the input (padding 3-4), over several channel blocks, dense and
     * depthwise: each block's sums must start from zero.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void otherActivationsAndPixelsWithoutTaps(TemplateKernel kernel) {
        IsaSupport.assumeIsa(kernel.isa(), kernel.id());
        long[][] cases = {{130, 5, 5, 40, 3, 3, 1, 4, 4, 4, 4, 1, 1, 1}, {40, 4, 4, 40, 3, 3, 1, 3, 3, 3, 3, 1, 40, 2}};
        for (long[] c : cases) {
            Conv2dParams g = geometry(c, Activation.abs());
            Data d = data(g, 77);
            float[] got = run(g, d, null, kernel.id());
            assertClose(oneDnn(g, d, alpha(g, d.w)), got, g.descriptor() + " abs " + kernel + " vs oneDNN");
            assertClose(run(g, d, null, "ref:direct"), got, g.descriptor() + " abs " + kernel + " vs ref:direct");
        }
    }

    static Stream<TemplateKernel> kernels() {
        return KERNELS.stream();
    }

    @Test
    void unpinnedPicksTheBestKernelOfThisIsa() {
        Conv2dParams g = geometry(CASES[2], Activation.none());
        Data d = data(g, 3);
        try (Tensor w = Tensor.fromArray(d.w, g.weightShape());
             BinaryWeightConv2d conv = BinaryWeightConv2d.create(g, w, null, null)) {
            Isa eff = IsaSupport.effective();
            String expected = eff.compareTo(Isa.AVX512) >= 0 ? "avx512:bwn" : eff.compareTo(Isa.AVX2) >= 0 ? "avx2:bwn"
                    : "ref:direct";
            assertEquals(expected, conv.kernel());
            try (BinaryWeightConv2d s = conv.share(); Tensor x = Tensor.fromArray(d.x, g.inputShape());
                 Tensor y1 = conv.run(x); Tensor y2 = s.run(x)) {
                assertArrayEquals(y1.toFloatArray(), y2.toFloatArray());
            }
        }
    }

    @Test
    void badInput() {
        Conv2dParams g = Conv2dParams.builder().input(70, 5, 5).outChannels(4).kernel(3, 3).padding(1)
                .layout(Layout.NHWC).build();
        float[] w = new float[4 * 70 * 9];
        Arrays.fill(w, 0.5f);
        try (Tensor wt = Tensor.fromArray(w, g.weightShape());
             Tensor badW = Tensor.fromArray(w, 4, 70, 9);
             Tensor badMult = Tensor.fromArray(new float[3], 3);
             Tensor intMult = Tensor.allocate(DType.U8, 4)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BinaryWeightConv2d.create(
                    Conv2dParams.builder().input(70, 5, 5).outChannels(4).kernel(3, 3).layout(Layout.NCHW).build(),
                    wt, null, null));
            assertTrue(e.getMessage().contains("NHWC"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> BinaryWeightConv2d.create(g, badW, null, null));
            assertTrue(e.getMessage().contains("weights shape"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> BinaryWeightConv2d.create(g, wt, badMult, null));
            assertTrue(e.getMessage().contains("multiplier shape"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> BinaryWeightConv2d.create(g, wt, intMult, null));
            assertTrue(e.getMessage().contains("multiplier must be F32"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> BinaryWeightConv2d.create(g, wt, null, badMult));
            assertTrue(e.getMessage().contains("bias shape"), e.getMessage());
            // Non-finite weights and multipliers are refused natively, naming what is wrong.
            float[] nan = w.clone();
            nan[5] = Float.NaN;
            float[] inf = new float[] {1, 1, Float.POSITIVE_INFINITY, 1};
            try (Tensor nt = Tensor.fromArray(nan, g.weightShape()); Tensor it = Tensor.fromArray(inf, 4)) {
                FrugalException fe = assertThrows(FrugalException.class, () -> BinaryWeightConv2d.create(g, nt, null, null));
                assertEquals(ErrorCode.INVALID_ARGUMENT, fe.code());
                assertTrue(fe.getMessage().contains("weight 5") && fe.getMessage().contains("finite"), fe.getMessage());
                fe = assertThrows(FrugalException.class, () -> BinaryWeightConv2d.create(g, wt, it, null));
                assertTrue(fe.getMessage().contains("multiplier 2"), fe.getMessage());
            }
            // A wrong source shape.
            try (BinaryWeightConv2d conv = BinaryWeightConv2d.create(g, wt, null, null);
                 Tensor nchw = Tensor.allocate(DType.F32, 1, 70, 5, 5)) {
                e = assertThrows(IllegalArgumentException.class, () -> conv.run(nchw));
                assertTrue(e.getMessage().contains("shape"), e.getMessage());
            }
            // Pinning an unknown kernel.
            FrugalException fe = assertThrows(FrugalException.class, () -> BinaryWeightConv2d.create(g, wt, null, null, "nope"));
            assertEquals(ErrorCode.INVALID_ARGUMENT, fe.code());
        }
    }
}
