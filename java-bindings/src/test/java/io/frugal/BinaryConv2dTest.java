package io.frugal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frugal.BinaryConv2dParams.Padding;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every binary (XNOR) conv2d kernel ("avx512:xnor", "avx2:xnor", "ref:direct") against a Java
 * model of frugal_bconv2d_desc's arithmetic: integer dots exact (multiplier 1, no bias, no
 * activation), the XNOR-Net alpha / given multiplier + bias + activation bit-identical to the
 * model, the xnor kernels bit-identical to ref:direct, and ZERO padding within 1e-5 relative L2
 * of {@link Conv2d} (oneDNN fp32) on the +-1 data with weights sign(W) * alpha; the thresholded
 * BIT output bit for bit (tails zero). Garbage tail bits
 * must not change results. The cases include groups whose channels do not fill whole words
 * (depthwise too). XNOR-Net activation scaling K (bits and mean |x| from {@link BitPack}) is
 * checked against a float64 model of its formula and bit-identical to ref:direct. Kernels above
 * the process's ISA are skipped (surefire reruns kernel tests under FRUGAL_MAX_ISA caps).
 */
@Tag("kernel")
class BinaryConv2dTest {
    static final Map<String, Isa> KERNELS = Map.of("avx512:xnor", Isa.AVX512_VNNI, "avx2:xnor", Isa.AVX2,
            "ref:direct", Isa.SCALAR);

    /** c, h, w, oc, kh, kw, stride, padTop, padLeft, padBottom, padRight, dilation, groups, batch. */
    static final long[][] CASES = {
        {1, 1, 1, 3, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1},
        {3, 7, 7, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},
        {63, 9, 9, 17, 3, 3, 2, 1, 1, 1, 1, 1, 1, 1},
        {64, 8, 8, 16, 5, 5, 1, 2, 2, 2, 2, 1, 1, 1},
        {65, 6, 7, 9, 2, 3, 1, 0, 1, 1, 0, 1, 1, 1},
        {130, 5, 5, 33, 3, 3, 3, 1, 1, 1, 1, 2, 1, 1},
        {512, 4, 4, 20, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},
        {128, 6, 6, 18, 3, 3, 1, 1, 1, 1, 1, 1, 2, 1},
        {70, 11, 11, 12, 3, 3, 2, 1, 1, 1, 1, 2, 1, 3},
        {3, 57, 57, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},
        {200, 3, 3, 8, 3, 3, 1, 4, 4, 4, 4, 1, 1, 1},
        {256, 5, 4, 40, 1, 1, 2, 0, 0, 0, 0, 1, 4, 2},
        // Groups whose channels do not fill whole words (group g starts at bit g * IC/groups):
        // 65 per group, with 50 output channels per group so blocks straddle BIT dst words;
        {130, 5, 5, 100, 3, 3, 1, 1, 1, 1, 1, 1, 2, 1},
        {6, 6, 6, 9, 3, 3, 1, 1, 1, 1, 1, 1, 3, 2},          // 2 per group
        {3, 7, 7, 3, 3, 3, 2, 1, 1, 1, 1, 1, 3, 1},          // depthwise
        {192, 4, 4, 20, 3, 3, 1, 1, 1, 1, 1, 1, 2, 1},       // 96 per group
        {40, 6, 5, 80, 3, 3, 1, 2, 2, 2, 2, 2, 40, 1},       // depthwise x2, dilated
    };

    static Conv2dParams geometry(long[] c, Activation act) {
        return Conv2dParams.builder().batch(c[13]).input(c[0], c[1], c[2]).outChannels(c[3]).kernel(c[4], c[5])
                .stride(c[6]).padding(c[7], c[8], c[9], c[10]).dilation(c[11]).groups(c[12]).layout(Layout.NHWC)
                .activation(act).build();
    }

    static Stream<Arguments> sweep() {
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < CASES.length; i++)
            for (Padding pad : Padding.values())
                for (String k : KERNELS.keySet().stream().sorted().toList()) out.add(Arguments.of(i, pad, k));
        return out.stream();
    }

    /** The +-1 data, the weights and the model's dot for one case. */
    record Data(float[] x, float[] w, long[] dots) {}

    static Data data(long[] c, Padding pad, long seed) {
        Conv2dParams g = geometry(c, Activation.none());
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[(int) (c[13] * c[1] * c[2] * c[0])];
        for (int i = 0; i < x.length; i++) x[i] = r.nextBoolean() ? 1f : -1f;
        float[] w = new float[(int) Tensor.elementCount(g.weightShape())];
        for (int i = 0; i < w.length; i++) w[i] = i % 17 == 0 ? 0f : (float) r.nextGaussian();
        return new Data(x, w, model(g, pad, x, w));
    }

    /** dot[n, oh, ow, oc] in NHWC order, from the float +-1 data and sign(w). */
    static long[] model(Conv2dParams g, Padding pad, float[] x, float[] w) {
        long C = g.inChannels(), H = g.inH(), W = g.inW(), OC = g.outChannels(), OH = g.outH(), OW = g.outW();
        long icg = C / g.groups(), ocg = OC / g.groups(), KH = g.kernelH(), KW = g.kernelW();
        long[] dots = new long[(int) (g.batch() * OH * OW * OC)];
        for (long n = 0; n < g.batch(); n++)
            for (long oh = 0; oh < OH; oh++)
                for (long ow = 0; ow < OW; ow++)
                    for (long oc = 0; oc < OC; oc++) {
                        long gr = oc / ocg, dot = 0;
                        for (long kh = 0; kh < KH; kh++)
                            for (long kw = 0; kw < KW; kw++) {
                                long ih = oh * g.strideH() - g.padTop() + kh * g.dilationH();
                                long iw = ow * g.strideW() - g.padLeft() + kw * g.dilationW();
                                boolean inside = ih >= 0 && ih < H && iw >= 0 && iw < W;
                                if (!inside && pad == Padding.ZERO) continue;
                                for (long ic = 0; ic < icg; ic++) {
                                    int sw = w[(int) (((oc * icg + ic) * KH + kh) * KW + kw)] >= 0f ? 1 : -1;
                                    int sx = inside ? (int) x[(int) (((n * H + ih) * W + iw) * C + gr * icg + ic)]
                                            : pad == Padding.PLUS_ONE ? 1 : -1;
                                    dot += sx * sw;
                                }
                            }
                        dots[(int) (((n * OH + oh) * OW + ow) * OC + oc)] = dot;
                    }
        return dots;
    }

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

    static float[] run(BinaryConv2dParams p, float[] x, float[] w, float[] mult, float[] bias, String kernel,
                       boolean garbageTails) {
        Conv2dParams g = p.geometry();
        try (Tensor src = SignBits.tensor(x, g.inputShape());
             Tensor wt = Tensor.fromArray(w, g.weightShape());
             Tensor mt = mult == null ? null : Tensor.fromArray(mult, g.outChannels());
             Tensor bt = bias == null ? null : Tensor.fromArray(bias, g.outChannels());
             BinaryConv2d conv = BinaryConv2d.create(p, wt, mt, bt, kernel)) {
            assertTrue(conv.kernel().startsWith(kernel), conv.kernel());
            if (garbageTails && g.inChannels() % 64 != 0) {
                LongBuffer b = src.buffer().asLongBuffer();
                long words = p.packedWidth();
                long mask = -1L << (g.inChannels() % 64);
                for (int i = (int) words - 1; i < b.capacity(); i += (int) words) b.put(i, b.get(i) | (mask & 0x5a5aa5a5c3c3f00fL));
            }
            try (Tensor y = conv.run(src)) {
                return y.toFloatArray();
            }
        }
    }

    static long[] runBits(BinaryConv2dParams p, float[] x, float[] w, float[] bias, float[] thr, String kernel) {
        Conv2dParams g = p.geometry();
        try (Tensor src = SignBits.tensor(x, g.inputShape());
             Tensor wt = Tensor.fromArray(w, g.weightShape());
             Tensor bt = Tensor.fromArray(bias, g.outChannels());
             Tensor tt = Tensor.fromArray(thr, g.outChannels());
             BinaryConv2d conv = BinaryConv2d.create(p, wt, null, bt, tt, kernel);
             Tensor y = conv.run(src)) {
            assertEquals(DType.BIT, y.dtype());
            return y.toPackedBits();
        }
    }

    @ParameterizedTest(name = "case {0} pad {1} {2}")
    @MethodSource("sweep")
    void matchesModel(int caseIndex, Padding pad, String kernel) {
        IsaSupport.assumeIsa(KERNELS.get(kernel), kernel);
        long[] c = CASES[caseIndex];
        Data d = data(c, pad, 1000 + caseIndex);
        int oc = (int) c[3];
        float[] ones = new float[oc];
        java.util.Arrays.fill(ones, 1f);
        // 1. Integer dots, exact.
        BinaryConv2dParams plain = BinaryConv2dParams.of(geometry(c, Activation.none()), pad);
        float[] y = run(plain, d.x, d.w, ones, null, kernel, false);
        for (int i = 0; i < y.length; i++) assertEquals((float) d.dots[i], y[i], "dot " + i);
        // 2. Garbage tail bits change nothing.
        assertArrayEquals(y, run(plain, d.x, d.w, ones, null, kernel, true));
        // 3. alpha (multiplier null) + bias + leaky relu: the model's double arithmetic, bit for bit.
        Activation act = Activation.leakyRelu(0.25f);
        BinaryConv2dParams full = BinaryConv2dParams.of(geometry(c, act), pad);
        float[] bias = new float[oc];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < oc; i++) bias[i] = (float) r.nextGaussian() * 3;
        float[] a = alpha(full.geometry(), d.w);
        float[] got = run(full, d.x, d.w, null, bias, kernel, false);
        for (int i = 0; i < got.length; i++) {
            double v = (double) a[i % oc] * d.dots[i] + bias[i % oc];
            v = v >= 0 ? v : 0.25 * v;
            assertEquals((float) v, got[i], "alpha/bias/act " + i);
        }
        // 4. Same as ref:direct.
        if (!kernel.equals("ref:direct")) assertArrayEquals(run(full, d.x, d.w, null, bias, "ref:direct", false), got);
        // 5. BIT output: value < threshold gives bit 1, packed along OC with zero tails.
        float[] thr = new float[oc];
        for (int i = 0; i < oc; i++) thr[i] = (float) (r.nextGaussian() * a[i] * Math.sqrt(c[0] * c[4] * c[5]));
        float[] signs = new float[d.dots.length];
        for (int i = 0; i < signs.length; i++) signs[i] = (double) a[i % oc] * d.dots[i] + bias[i % oc] < thr[i % oc] ? -1f : 1f;
        BinaryConv2dParams bitp = BinaryConv2dParams.bitOutput(geometry(c, Activation.none()), pad);
        assertArrayEquals(SignBits.pack(signs, oc), runBits(bitp, d.x, d.w, bias, thr, kernel), "BIT output");
        // 6. ZERO padding equals a float convolution of the +-1 data with weights sign(W) * alpha.
        if (pad == Padding.ZERO) {
            Conv2dParams g = full.geometry();
            float[] fw = d.w.clone();
            int per = fw.length / oc;
            for (int i = 0; i < fw.length; i++) fw[i] = (fw[i] >= 0 ? 1f : -1f) * a[i / per];
            try (Tensor xs = Tensor.fromArray(d.x, g.inputShape());
                 Tensor wt = Tensor.fromArray(fw, g.weightShape());
                 Tensor bt = Tensor.fromArray(bias, g.outChannels());
                 Conv2d conv = Conv2d.create(g, wt, bt);
                 Tensor ref = conv.run(xs)) {
                float[] e = ref.toFloatArray();
                double num = 0, den = 0;
                for (int i = 0; i < e.length; i++) {
                    num += (got[i] - e[i]) * (double) (got[i] - e[i]);
                    den += (double) e[i] * e[i];
                }
                assertTrue(Math.sqrt(num) <= 1e-5 * Math.sqrt(den) + 1e-6, "vs Conv2d: rel L2 " + Math.sqrt(num / den));
            }
        }
    }

    /** Real-valued data (not +-1) for activation scaling: its signs are the bits, its mean |x| A. */
    static float[] realData(long[] c, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[(int) (c[13] * c[1] * c[2] * c[0])];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * (1 + i % 5));
        return x;
    }

    /** XNOR-Net's K per output pixel [N, OH, OW] in float64: the kh x kw box filter of mean, zero padding. */
    static double[] kModel(Conv2dParams g, float[] mean) {
        long OH = g.outH(), OW = g.outW();
        double[] k = new double[(int) (g.batch() * OH * OW)];
        for (long n = 0; n < g.batch(); n++)
            for (long oh = 0; oh < OH; oh++)
                for (long ow = 0; ow < OW; ow++) {
                    double s = 0;
                    for (long kh = 0; kh < g.kernelH(); kh++)
                        for (long kw = 0; kw < g.kernelW(); kw++) {
                            long ih = oh * g.strideH() - g.padTop() + kh * g.dilationH();
                            long iw = ow * g.strideW() - g.padLeft() + kw * g.dilationW();
                            if (ih >= 0 && ih < g.inH() && iw >= 0 && iw < g.inW()) s += mean[(int) ((n * g.inH() + ih) * g.inW() + iw)];
                        }
                    k[(int) ((n * OH + oh) * OW + ow)] = s / (g.kernelH() * g.kernelW());
                }
        return k;
    }

    /** The scaled conv's output (F32, or BIT words when thr is given), bits and mean |x| packed natively from x. */
    static Object runScaled(BinaryConv2dParams p, float[] x, float[] w, float[] bias, float[] thr, String kernel, float[] meanOut) {
        Conv2dParams g = p.geometry();
        try (BitPack pack = BitPack.create(BitPackParams.pack(g.inputShape()));
             Tensor xs = Tensor.fromArray(x, g.inputShape());
             Tensor bits = Tensor.allocate(DType.BIT, g.inputShape());
             Tensor mean = Tensor.allocate(DType.F32, p.meanAbsShape());
             Tensor wt = Tensor.fromArray(w, g.weightShape());
             Tensor bt = Tensor.fromArray(bias, g.outChannels());
             Tensor tt = thr == null ? null : Tensor.fromArray(thr, g.outChannels());
             BinaryConv2d conv = BinaryConv2d.create(p, wt, null, bt, tt, kernel)) {
            pack.run(xs, bits, mean);
            System.arraycopy(mean.toFloatArray(), 0, meanOut, 0, meanOut.length);
            try (Tensor y = conv.runScaled(bits, mean)) {
                return thr == null ? y.toFloatArray() : y.toPackedBits();
            }
        }
    }

    @ParameterizedTest(name = "case {0} pad {1} {2}")
    @MethodSource("sweep")
    void activationScalingMatchesXnorNet(int caseIndex, Padding pad, String kernel) {
        IsaSupport.assumeIsa(KERNELS.get(kernel), kernel);
        long[] c = CASES[caseIndex];
        int oc = (int) c[3];
        float[] x = realData(c, 500 + caseIndex);
        Data d = data(c, pad, 1000 + caseIndex);
        Conv2dParams g = geometry(c, Activation.leakyRelu(0.25f));
        float[] signs0 = new float[x.length];
        for (int i = 0; i < x.length; i++) signs0[i] = x[i] >= 0f ? 1f : -1f;  // the bits BitPack makes
        long[] dots = model(g, pad, signs0, d.w);
        float[] bias = new float[oc];
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < oc; i++) bias[i] = (float) r.nextGaussian();
        float[] a = alpha(g, d.w);
        BinaryConv2dParams p = BinaryConv2dParams.of(g, pad).withActivationScaling();
        float[] mean = new float[(int) (c[13] * c[1] * c[2])];
        float[] got = (float[]) runScaled(p, x, d.w, bias, null, kernel, mean);
        // mean |x| per pixel, then y = act(alpha * dot * K + bias), all in float64.
        for (int i = 0; i < mean.length; i++) {
            double s = 0;
            for (int j = 0; j < c[0]; j++) s += Math.abs((double) x[(int) (i * c[0] + j)]);
            assertEquals(s / c[0], mean[i], 1e-6 * s / c[0], "mean |x| " + i);
        }
        double[] k = kModel(g, mean);
        double num = 0, den = 0;
        for (int i = 0; i < got.length; i++) {
            double v = (double) a[i % oc] * dots[i] * k[i / oc] + bias[i % oc];
            v = v >= 0 ? v : 0.25 * v;
            num += (got[i] - v) * (got[i] - v);
            den += v * v;
            assertEquals(v, got[i], 1e-5 * Math.abs(v) + 1e-5, "scaled " + i);
        }
        assertTrue(Math.sqrt(num) <= 1e-6 * Math.sqrt(den) + 1e-6, "rel L2 " + Math.sqrt(num / den));
        if (!kernel.equals("ref:direct")) {
            assertArrayEquals((float[]) runScaled(p, x, d.w, bias, null, "ref:direct", mean), got, "vs ref:direct");
        }
        // BIT dst: bit = alpha * dot * K + bias < threshold, bit-identical to ref:direct.
        BinaryConv2dParams bp = BinaryConv2dParams.bitOutput(geometry(c, Activation.none()), pad).withActivationScaling();
        float[] thr = new float[oc];
        for (int i = 0; i < oc; i++) thr[i] = (float) r.nextGaussian();
        long[] bits = (long[]) runScaled(bp, x, d.w, bias, thr, kernel, mean);
        float[] signs = new float[dots.length];
        int agree = 0;
        for (int i = 0; i < signs.length; i++) {
            double v = (double) a[i % oc] * dots[i] * k[i / oc] + bias[i % oc];
            signs[i] = v < thr[i % oc] ? -1f : 1f;
        }
        long[] want = SignBits.pack(signs, oc);
        for (int i = 0; i < want.length; i++) agree += Long.bitCount(~(want[i] ^ bits[i]));
        // The model's float64 rounding may differ from the kernels' on a knife edge only.
        assertTrue(agree >= want.length * 64 - 2, "BIT output disagrees with the model beyond rounding");
        if (!kernel.equals("ref:direct")) {
            assertArrayEquals((long[]) runScaled(bp, x, d.w, bias, thr, "ref:direct", mean), bits, "BIT vs ref:direct");
        }
    }

    @Test
    void activationScalingMisuseIsRefused() {
        Conv2dParams g = Conv2dParams.builder().input(70, 5, 5).outChannels(4).kernel(3, 3).padding(1)
                .layout(Layout.NHWC).build();
        BinaryConv2dParams plain = BinaryConv2dParams.of(g, Padding.ZERO);
        BinaryConv2dParams scaled = plain.withActivationScaling();
        assertTrue(scaled.activationScaling());
        assertArrayEquals(new long[] {1, 5, 5}, scaled.meanAbsShape());
        try (Tensor wt = Tensor.fromArray(new float[4 * 70 * 9], plain.weightShape());
             BinaryConv2d p = BinaryConv2d.create(plain, wt, null, null);
             BinaryConv2d s = BinaryConv2d.create(scaled, wt, null, null);
             Tensor bits = Tensor.allocate(DType.BIT, 1, 5, 5, 70);
             Tensor mean = Tensor.allocate(DType.F32, 1, 5, 5);
             Tensor badMean = Tensor.allocate(DType.F32, 1, 5, 4);
             Tensor bitMean = Tensor.allocate(DType.BIT, 1, 5, 5);
             Tensor dst = Tensor.allocate(DType.F32, 1, 5, 5, 4)) {
            s.runScaled(bits, mean, dst);
            p.run(bits, dst);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.run(bits, dst));
            assertTrue(e.getMessage().contains("activation scaling"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> s.run(bits));
            assertTrue(e.getMessage().contains("activation scaling"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> p.runScaled(bits, mean, dst));
            assertTrue(e.getMessage().contains("no activation scaling"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> s.runScaled(bits, badMean, dst));
            assertTrue(e.getMessage().contains("meanAbs shape"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> s.runScaled(bits, bitMean, dst));
            assertTrue(e.getMessage().contains("meanAbs must be F32"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> s.runScaled(mean, mean, dst));
            assertTrue(e.getMessage().contains("src must be BIT"), e.getMessage());
            // The C ABI refuses the mismatch too.
            assertEquals(ErrorCode.INVALID_ARGUMENT.value(), io.frugal.jni.FrugalNative.frugal_bconv2d_execute(
                    (io.frugal.jni.FrugalNative.BConv2dHandle) s.handleForShare(), bits.memory(), dst.memory()));
            assertEquals(ErrorCode.INVALID_ARGUMENT.value(), io.frugal.jni.FrugalNative.frugal_bconv2d_execute_scaled(
                    (io.frugal.jni.FrugalNative.BConv2dHandle) p.handleForShare(), bits.memory(), mean.memory(), dst.memory()));
        }
    }

    /** Shares of a conv that repacks its grouped input and computes K each hold their own scratch. */
    @Test
    void sharesRunConcurrentlyWithTheirOwnScratch() throws Exception {
        long[] c = CASES[13];  // IC 6 in 3 groups: repacked per execute
        Conv2dParams g = geometry(c, Activation.none());
        BinaryConv2dParams p = BinaryConv2dParams.of(g, Padding.ZERO).withActivationScaling();
        Data d = data(c, Padding.ZERO, 5);
        float[] x = realData(c, 6);
        try (BitPack pack = BitPack.create(BitPackParams.pack(g.inputShape()));
             Tensor xs = Tensor.fromArray(x, g.inputShape());
             Tensor bits = Tensor.allocate(DType.BIT, g.inputShape());
             Tensor mean = Tensor.allocate(DType.F32, p.meanAbsShape());
             Tensor wt = Tensor.fromArray(d.w, g.weightShape());
             BinaryConv2d conv = BinaryConv2d.create(p, wt, null, null);
             BinaryConv2d other = conv.share()) {
            pack.run(xs, bits, mean);
            float[] want;
            try (Tensor y = conv.runScaled(bits, mean)) {
                want = y.toFloatArray();
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<float[]>> runs = new ArrayList<>();
                for (BinaryConv2d op : List.of(conv, other))
                    runs.add(pool.submit(() -> {
                        float[] last = null;
                        for (int i = 0; i < 50; i++)
                            try (Tensor y = op.runScaled(bits, mean)) {
                                last = y.toFloatArray();
                            }
                        return last;
                    }));
                for (java.util.concurrent.Future<float[]> f : runs) assertArrayEquals(want, f.get());
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void unpinnedPicksTheBestKernelOfThisIsa() {
        long[] c = CASES[2];
        Data d = data(c, Padding.ZERO, 3);
        BinaryConv2dParams p = BinaryConv2dParams.of(geometry(c, Activation.none()), Padding.ZERO);
        try (Tensor wt = Tensor.fromArray(d.w, p.weightShape());
             BinaryConv2d conv = BinaryConv2d.create(p, wt, null, null)) {
            Isa eff = IsaSupport.effective();
            String expected = eff.compareTo(Isa.AVX512_VNNI) >= 0 ? "avx512:xnor"
                    : eff.compareTo(Isa.AVX2) >= 0 ? "avx2:xnor" : "ref:direct";
            assertEquals(expected, conv.kernel());
            try (BinaryConv2d s = conv.share(); Tensor src = SignBits.tensor(d.x, p.inputShape());
                 Tensor y1 = conv.run(src); Tensor y2 = s.run(src)) {
                assertArrayEquals(y1.toFloatArray(), y2.toFloatArray());
            }
        }
    }

    @Test
    void badInput() {
        Conv2dParams g = Conv2dParams.builder().input(70, 5, 5).outChannels(4).kernel(3, 3).padding(1)
                .layout(Layout.NHWC).build();
        BinaryConv2dParams p = BinaryConv2dParams.of(g, Padding.ZERO);
        // Params.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BinaryConv2dParams.of(
                Conv2dParams.builder().input(70, 5, 5).outChannels(4).kernel(3, 3).layout(Layout.NCHW).build(), Padding.ZERO));
        assertTrue(e.getMessage().contains("NHWC"), e.getMessage());
        // Groups off word boundaries are served (32 channels per group here).
        assertEquals(2, BinaryConv2dParams.of(Conv2dParams.builder().input(64, 5, 5).outChannels(4).kernel(3, 3).groups(2)
                .layout(Layout.NHWC).build(), Padding.ZERO).geometry().groups());
        e = assertThrows(IllegalArgumentException.class, () -> BinaryConv2dParams.bitOutput(Conv2dParams.builder()
                .input(70, 5, 5).outChannels(4).kernel(3, 3).layout(Layout.NHWC).activation(Activation.relu()).build(),
                Padding.ZERO));
        assertTrue(e.getMessage().contains("no activation"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BinaryConv2dParams(g, Padding.ZERO, DType.U8));
        float[] w = new float[4 * 70 * 9];
        try (Tensor wt = Tensor.fromArray(w, p.weightShape());
             Tensor badW = Tensor.fromArray(new float[4 * 70 * 9], 4, 70, 9);
             Tensor badMult = Tensor.fromArray(new float[3], 3);
             BinaryConv2d conv = BinaryConv2d.create(p, wt, null, null)) {
            e = assertThrows(IllegalArgumentException.class, () -> BinaryConv2d.create(p, badW, null, null));
            assertTrue(e.getMessage().contains("weights shape"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> BinaryConv2d.create(p, wt, badMult, null));
            assertTrue(e.getMessage().contains("multiplier shape"), e.getMessage());
            // Thresholds: needed for BIT, refused for F32.
            try (Tensor thr = Tensor.fromArray(new float[4], 4)) {
                e = assertThrows(IllegalArgumentException.class, () -> BinaryConv2d.create(p, wt, null, null, thr, null));
                assertTrue(e.getMessage().contains("BIT destination only"), e.getMessage());
                BinaryConv2dParams bp = BinaryConv2dParams.bitOutput(g, Padding.ZERO);
                e = assertThrows(IllegalArgumentException.class, () -> BinaryConv2d.create(bp, wt, null, null, null, null));
                assertTrue(e.getMessage().contains("needs thresholds"), e.getMessage());
                try (BinaryConv2d bc = BinaryConv2d.create(bp, wt, null, null, thr, null);
                     Tensor src = Tensor.allocate(DType.BIT, 1, 5, 5, 70);
                     Tensor f32dst = Tensor.allocate(DType.F32, 1, 5, 5, 4)) {
                    assertEquals(DType.BIT, bc.dstType());
                    e = assertThrows(IllegalArgumentException.class, () -> bc.run(src, f32dst));
                    assertTrue(e.getMessage().contains("dst must be BIT"), e.getMessage());
                    try (Tensor wideDst = Tensor.allocate(DType.BIT, 1, 5, 5, 65);
                         Tensor wideSrc = Tensor.allocate(DType.BIT, 1, 5, 5, 130)) {
                        e = assertThrows(IllegalArgumentException.class, () -> bc.run(src, wideDst));
                        assertTrue(e.getMessage().contains("dst shape [1, 5, 5, 65]"), e.getMessage());
                        e = assertThrows(IllegalArgumentException.class, () -> bc.run(wideSrc));
                        assertTrue(e.getMessage().contains("src shape [1, 5, 5, 130]"), e.getMessage());
                    }
                }
            }
            // Source: wrong dtype, wrong shape (hence packed width), wrong output.
            try (Tensor f32 = Tensor.allocate(DType.F32, 1, 5, 5, 70);
                 Tensor narrow = Tensor.allocate(DType.BIT, 1, 5, 5, 64);
                 Tensor good = Tensor.allocate(DType.BIT, 1, 5, 5, 70);
                 Tensor badDst = Tensor.allocate(DType.F32, 1, 5, 5, 5)) {
                e = assertThrows(IllegalArgumentException.class, () -> conv.run(f32));
                assertTrue(e.getMessage().contains("src must be BIT, got F32"), e.getMessage());
                e = assertThrows(IllegalArgumentException.class, () -> conv.run(narrow));
                assertTrue(e.getMessage().contains("src shape [1, 5, 5, 64] does not match [1, 5, 5, 70]"), e.getMessage());
                e = assertThrows(IllegalArgumentException.class, () -> conv.run(good, badDst));
                assertTrue(e.getMessage().contains("dst shape [1, 5, 5, 5] does not match [1, 5, 5, 4]"), e.getMessage());
                e = assertThrows(IllegalArgumentException.class, () -> conv.run(good, good));
                assertTrue(e.getMessage().contains("dst must be F32"), e.getMessage());
            }
            // Non-finite weights are refused natively.
            float[] nan = w.clone();
            nan[5] = Float.NaN;
            try (Tensor nt = Tensor.fromArray(nan, p.weightShape())) {
                FrugalException fe = assertThrows(FrugalException.class, () -> BinaryConv2d.create(p, nt, null, null));
                assertEquals(ErrorCode.INVALID_ARGUMENT, fe.code());
            }
        }
        // Pinning an unknown kernel.
        try (Tensor wt = Tensor.fromArray(w, p.weightShape())) {
            FrugalException fe = assertThrows(FrugalException.class, () -> BinaryConv2d.create(p, wt, null, null, "nope"));
            assertEquals(ErrorCode.INVALID_ARGUMENT, fe.code());
        }
    }
}
