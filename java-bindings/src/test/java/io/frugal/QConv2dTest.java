package io.frugal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.frugal.jni.FrugalNative;
import io.frugal.problems.Conv2dProblem;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every int8 conv2d kernel ("onednn", "avx512:int8_s16", "avx2:int8_s16", "ref", and on the
 * depthwise NHWC lines "avx512:int8_dw", "avx2:int8_dw") against a float64 Java model of the same
 * quantized arithmetic (frugal.h, frugal_qconv2d_desc): the weights quantized here the same way
 * (per output channel, symmetric, round half to even), s32 accumulation, then the scale step,
 * bias and activation in double, then F32 or requantized U8/S8. F32 results must agree to 1e-5
 * relative L2, U8/S8 results to one unit in every element. The int8_s16 and int8_dw kernels must
 * moreover equal ref:direct bit for bit. Plus bad input, in BadInputTest's style.
 *
 * <p>Below AVX-512 VNNI the "onednn" kernel declines (oneDNN's int8 convolution there saturates
 * u8 x s8 pair sums to 16 bits and halves the weights for an s8 src); there the tests check that
 * it declines with that reason, and the int8_dw kernel of the ISA (depthwise NHWC) or its
 * int8_s16 kernel (the rest; ref:direct on the baseline) is what unpinned creates get. An
 * int8_s16 or int8_dw kernel above the process's ISA is skipped, and an int8_s16 kernel that
 * declines a depthwise line is skipped after its reason is checked.
 */
@Tag("kernel") // rerun under every FRUGAL_MAX_ISA cap (java-bindings/pom.xml)
class QConv2dTest {
    static final double TOLERANCE = 1e-5;
    static final List<String> KERNELS = List.of("onednn", "avx512:int8_s16", "avx2:int8_s16", "ref");
    /** The exact kernels for CPUs without VNNI (native/src/cpu/cpu_int8.cpp) and the ISA each needs. */
    static final Map<String, Isa> S16 = Map.of("avx512:int8_s16", Isa.AVX512, "avx2:int8_s16", Isa.AVX2);
    /** The exact depthwise NHWC kernels (native/src/cpu/cpu_int8_dw.cpp) and the ISA each needs. */
    static final Map<String, Isa> DW = Map.of("avx512:int8_dw", Isa.AVX512, "avx2:int8_dw", Isa.AVX2);
    static final List<DType> SRC_TYPES = List.of(DType.U8, DType.S8);
    static final List<DType> DST_TYPES = List.of(DType.F32, DType.U8, DType.S8);

    /** Odd shapes: channel tails 3/17/130, 1x1 and 7x7 images, strides 2, padding, groups, depthwise, batch 3, both layouts. */
    static final List<String> LINES = List.of(
            "mb1ic3ih7iw7oc17kh3kw3pt1pl1pb1pr1_nchw_relu",
            "mb3ic17ih9iw9oc17kh3kw3sh2sw2pt1pl1pb1pr1_nhwc_none",
            "mb1ic130ih1iw1oc3kh1kw1_nhwc_none",
            "mb1ic3ih1iw1oc130kh1kw1_nchw_relu_nobias",
            "mb2ic16ih7iw7oc130kh7kw7pt3pl3pb3pr3_nhwc_clip",
            "mb1g2ic34ih8iw8oc34kh3kw3pt1pl1pb1pr1_nchw_relu",
            "mb3g17ic17ih13iw11oc17kh3kw3sh2sw2pt1pl1pb1pr1_nhwc_clip",
            "mb1g17ic17ih7iw7oc34kh3kw3pt1pl1pb1pr1_nchw_none",
            "mb1ic130ih7iw7oc17kh1kw1sh2sw2_nhwc_relu",
            "mb1ic17ih5iw6oc3kh2kw3pt0pl1pb1pr0_nchw_relu_nobias");

    static Stream<Arguments> sweep() {
        return LINES.stream().map(Conv2dProblem::parse).flatMap(c -> SRC_TYPES.stream().flatMap(s -> DST_TYPES.stream()
                .flatMap(d -> kernelsFor(c.params()).map(k -> Arguments.of(c, s, d, k)))));
    }

    /** KERNELS, plus the int8_dw kernels on the lines they serve. */
    static Stream<String> kernelsFor(Conv2dParams p) {
        return Stream.concat(KERNELS.stream(), servesDepthwise(p) ? DW.keySet().stream().sorted() : Stream.empty());
    }

    /** What the int8_dw kernels serve: groups == in == out channels, NHWC. */
    static boolean servesDepthwise(Conv2dParams p) {
        return p.groups() == p.inChannels() && p.groups() == p.outChannels() && p.layout() == Layout.NHWC;
    }

    /**
     * Lines for the bit-for-bit comparison of the int8_s16 kernels with ref:direct: channel tails
     * 1/3/7/9/17/33/65 (the kernels pad channels to 16 or 32), 1x1 and 7x7 images, strides 2,
     * padding, dilation, groups 2, batch 3, every fused activation path, both layouts, and more
     * output pixels than one of the kernels' pixel blocks.
     */
    static final List<String> EXACT_LINES = List.of(
            "mb3ic1ih7iw7oc3kh3kw3pt1pl1pb1pr1_nhwc_relu",
            "mb1ic3ih9iw9oc7kh3kw3sh2sw2pt1pl1pb1pr1_nhwc_leakyrelu",
            "mb2ic7ih1iw1oc9kh1kw1_nhwc_none",
            "mb1ic9ih7iw7oc17kh7kw7pt3pl3pb3pr3_nhwc_clip",
            "mb1ic17ih8iw8oc33kh3kw3dh2dw2pt2pl2pb2pr2_nhwc_relu6",
            "mb1ic33ih5iw5oc65kh1kw1_nhwc_sigmoid_nobias",
            "mb1g2ic18ih6iw6oc34kh3kw3pt1pl1pb1pr1_nhwc_hardswish",
            "mb3ic65ih5iw4oc3kh2kw3sh2sw1pt1pl0pb0pr1_nchw_tanh",
            "mb1g2ic4ih7iw7oc130kh3kw3pt1pl1pb1pr1_nchw_relu",
            "mb1ic64ih14iw14oc40kh3kw3pt1pl1pb1pr1_nhwc_relu",
            "mb1ic12ih6iw6oc20kh3kw3pt1pl1pb1pr1_nhwc_hardsigmoid");

    static Stream<Arguments> exactSweep() {
        return EXACT_LINES.stream().map(Conv2dProblem::parse).flatMap(c -> SRC_TYPES.stream().flatMap(s ->
                DST_TYPES.stream().flatMap(d -> S16.keySet().stream().sorted().map(k -> Arguments.of(c, s, d, k)))));
    }

    /**
     * Depthwise NHWC lines for the bit-for-bit comparison of the int8_dw kernels with ref:direct:
     * channels 1/3/8/15/16/17/33/72/130 (the kernels' vectors hold 8 or 16), 1x1, 7x7, 13x9 and
     * 56x56 images, 3x3, 5x5, 7x7, 1x1, 3x1 and 2x2 kernels, strides 2 (and 3x1), dilation 2,
     * symmetric, asymmetric and over-wide padding (output pixels with no tap inside the image),
     * batch 3, and the fused activations relu and clip (folded into an int8 dst's saturation),
     * relu6, leaky relu, hardsigmoid and hardswish.
     */
    static final List<String> DW_LINES = List.of(
            "mb1ic1ih7iw7oc1kh3kw3pt1pl1pb1pr1_nhwc_relu",
            "mb3g3ic3ih13iw9oc3kh3kw3sh2sw2pt1pl1pb1pr1_nhwc_clip",
            "mb1g8ic8ih56iw56oc8kh3kw3pt1pl1pb1pr1_nhwc_hardswish",
            "mb1g15ic15ih13iw9oc15kh5kw5pt2pl2pb2pr2_nhwc_relu",
            "mb1g16ic16ih7iw7oc16kh3kw3dh2dw2pt2pl2pb2pr2_nhwc_relu6",
            "mb1g17ic17ih1iw1oc17kh1kw1_nhwc_hardsigmoid",
            "mb1g17ic17ih1iw1oc17kh3kw3pt1pl1pb1pr1_nhwc_clip",
            "mb1g33ic33ih13iw9oc33kh3kw1pt1pl0pb1pr0_nhwc_clip",
            "mb1g72ic72ih56iw56oc72kh3kw3pt1pl1pb1pr1_nhwc_relu",
            "mb1g72ic72ih13iw9oc72kh5kw5pt2pl2pb2pr2_nhwc_hardswish_nobias",
            "mb3g130ic130ih7iw7oc130kh5kw5sh2sw2pt1pl2pb2pr1_nhwc_hardswish",
            "mb3g24ic24ih7iw7oc24kh3kw3sh2sw2pt0pl0pb1pr1_nhwc_leakyrelu",
            "mb1g40ic40ih7iw7oc40kh7kw7pt3pl3pb3pr3_nhwc_none",
            "mb1g9ic9ih13iw9oc9kh3kw1sh2sw1dh2dw1pt2pl0pb1pr0_nhwc_relu",
            "mb2g5ic5ih3iw4oc5kh3kw3pt4pl5pb4pr3_nhwc_relu",
            "mb1g20ic20ih7iw7oc20kh2kw2sh2sw2pt0pl0pb1pr1_nhwc_clip");

    static Stream<Arguments> dwSweep() {
        return DW_LINES.stream().map(Conv2dProblem::parse).flatMap(c -> SRC_TYPES.stream().flatMap(s ->
                DST_TYPES.stream().flatMap(d -> DW.keySet().stream().sorted().map(k -> Arguments.of(c, s, d, k)))));
    }

    /** Skips (visibly) an int8_s16 or int8_dw kernel above this process's ISA. */
    static void assumeRuns(String kernel) {
        Isa need = S16.containsKey(kernel) ? S16.get(kernel) : DW.get(kernel);
        if (need != null) IsaSupport.assumeIsa(need, kernel);
    }

    /**
     * The int8_s16 kernels decline convolutions with one input and one output channel per group
     * (depthwise): checks the reason, then skips the case, which ref:direct serves.
     */
    static void skipIfDeclinedDepthwise(String kernel, Conv2dParams p, Executable create) {
        if (!S16.containsKey(kernel) || p.inChannels() / p.groups() != 1 || p.outChannels() / p.groups() != 1) return;
        FrugalException e = fails(FrugalException.class, create, "qconv2d", kernel, "depthwise");
        assertEquals(ErrorCode.UNIMPLEMENTED, e.code());
        Assumptions.abort(kernel + " declines depthwise convolutions, as it should");
    }

    /** Whether oneDNN's int8 convolution computes the stated arithmetic at the effective ISA. */
    static boolean onednnServes() {
        return IsaSupport.effective().ordinal() >= Isa.AVX512_VNNI.ordinal();
    }

    /** Below VNNI, a pinned "onednn" create declines, naming oneDNN's implementation and why. */
    static boolean declinedWithoutVnni(String kernel, Executable create) {
        if (!kernel.equals("onednn") || onednnServes()) return false;
        FrugalException e = fails(FrugalException.class, create, "qconv2d", "oneDNN chose", "without VNNI", "saturates");
        assertEquals(ErrorCode.UNIMPLEMENTED, e.code());
        return true;
    }

    // ------------------------------------------------------------------ the float64 model

    /** s_w[oc] = max|W[oc]| / 127 in double, stored as float; an all-zero channel gets 1. */
    static float[] weightScales(float[] w, int oc) {
        int per = w.length / oc;
        float[] s = new float[oc];
        for (int o = 0; o < oc; o++) {
            double max = 0;
            for (int i = 0; i < per; i++) max = Math.max(max, Math.abs((double) w[o * per + i]));
            s[o] = max == 0 ? 1f : (float) (max / 127.0);
        }
        return s;
    }

    /** q_w = roundHalfEven(W / s_w) clamped to [-127, 127]. */
    static int[] quantizeWeights(float[] w, float[] scales) {
        int per = w.length / scales.length;
        int[] q = new int[w.length];
        for (int i = 0; i < w.length; i++) {
            double v = Math.rint((double) w[i] / (double) scales[i / per]);
            q[i] = (int) Math.max(-127, Math.min(127, v));
        }
        return q;
    }

    /**
     * y = act(srcScale * s_w[oc] * acc + bias) per dst element, in the layout. acc is
     * {@link Reference#conv2d} of the integers without bias or activation: |acc| < 2^53, so the
     * double sum is exact.
     */
    static double[] model(QConv2dParams q, int[] src, int[] qw, float[] sw, float[] bias) {
        Conv2dParams p = q.geometry();
        Conv2dParams plain = new Conv2dParams(p.batch(), p.inChannels(), p.inH(), p.inW(), p.outChannels(), p.kernelH(),
                p.kernelW(), p.strideH(), p.strideW(), p.padTop(), p.padLeft(), p.padBottom(), p.padRight(), p.dilationH(),
                p.dilationW(), p.groups(), p.layout(), Activation.none());
        double[] acc = Reference.conv2d(plain, toFloats(src), toFloats(qw), null);
        final int oc = (int) p.outChannels(), pixels = (int) (p.outH() * p.outW());
        final boolean nhwc = p.layout() == Layout.NHWC;
        double[] dst = new double[acc.length];
        for (int i = 0; i < acc.length; i++) {
            int o = nhwc ? i % oc : (i / pixels) % oc;
            double real = (double) q.srcScale() * (double) sw[o] * acc[i] + (bias == null ? 0 : bias[o]);
            dst[i] = Reference.activation(p.activation(), real);
        }
        return dst;
    }

    private static float[] toFloats(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = v[i]; // |v| <= 255: exact
        return f;
    }

    /** saturate(roundHalfEven(y / dstScale)); NaN gives 0. */
    static int requantize(double y, float dstScale, DType t) {
        double lo = t == DType.U8 ? 0 : -128, hi = t == DType.U8 ? 255 : 127;
        double v = Double.isNaN(y) ? 0 : Math.rint(y / dstScale);
        return (int) Math.max(lo, Math.min(hi, v));
    }

    /** Raw bytes of quantized src values: u8 0..255, s8 -128..127. */
    static byte[] randomSrc(long seed, int count, DType t) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = new byte[count];
        for (int i = 0; i < count; i++) b[i] = (byte) (t == DType.U8 ? r.nextInt(256) : r.nextInt(256) - 128);
        return b;
    }

    static int[] values(byte[] raw, DType t) {
        int[] v = new int[raw.length];
        for (int i = 0; i < raw.length; i++) v[i] = t == DType.U8 ? raw[i] & 0xff : raw[i];
        return v;
    }

    /** The inputs and model result of one line and src type, kept while its dst types and kernels run. */
    record Case(Conv2dProblem c, DType srcType, byte[] src, float[] weights, float[] bias, float srcScale, float[] scales,
                double[] y) {}

    private static Case last;

    static synchronized Case prepare(Conv2dProblem c, DType srcType) {
        if (last == null || !last.c().line().equals(c.line()) || last.srcType() != srcType) {
            Conv2dParams p = c.params();
            long seed = c.line().hashCode() * 31L + srcType.ordinal();
            byte[] src = randomSrc(seed, (int) Tensor.elementCount(p.inputShape()), srcType);
            float[] w = Reference.uniform(seed + 1, (int) Tensor.elementCount(p.weightShape()));
            float scale = (float) (1 / Math.sqrt(p.inChannels() / p.groups() * p.kernelH() * p.kernelW()));
            for (int i = 0; i < w.length; i++) w[i] *= scale;
            float[] bias = c.bias() ? Reference.uniform(seed + 2, (int) p.outChannels()) : null;
            // Real src in [0, 1) (u8) or [-1, 1) (s8): outputs where the activations bend.
            float srcScale = srcType == DType.U8 ? 1f / 255 : 1f / 128;
            float[] sw = weightScales(w, (int) p.outChannels());
            QConv2dParams q = QConv2dParams.of(p, srcType, srcScale);
            last = new Case(c, srcType, src, w, bias, srcScale, sw, model(q, values(src, srcType),
                    quantizeWeights(w, sw), sw, bias));
        }
        return last;
    }

    /** A dst scale that puts the largest |y| near the top of the type's range. */
    static float dstScale(double[] y, DType t) {
        double max = 0;
        for (double v : y) if (Double.isFinite(v)) max = Math.max(max, Math.abs(v));
        return max == 0 ? 1f : (float) (max / (t == DType.U8 ? 250 : 125));
    }

    @ParameterizedTest(name = "{0} {1}>{2} [{3}]")
    @MethodSource("sweep")
    void matchesTheQuantizedModel(Conv2dProblem c, DType srcType, DType dstType, String kernel) {
        Case k = prepare(c, srcType);
        Conv2dParams p = c.params();
        float dstScale = dstType == DType.F32 ? 1f : dstScale(k.y(), dstType);
        QConv2dParams q = QConv2dParams.of(p, srcType, k.srcScale(), dstType, dstScale);
        assumeRuns(kernel);
        try (Tensor w = Tensor.fromArray(k.weights(), p.weightShape());
             Tensor b = k.bias() == null ? null : Tensor.fromArray(k.bias(), p.outChannels())) {
            if (declinedWithoutVnni(kernel, () -> QConv2d.create(q, w, b, kernel).close())) return;
            skipIfDeclinedDepthwise(kernel, p, () -> QConv2d.create(q, w, b, kernel).close());
        }
        try (Tensor w = Tensor.fromArray(k.weights(), p.weightShape());
             Tensor b = k.bias() == null ? null : Tensor.fromArray(k.bias(), p.outChannels());
             QConv2d conv = QConv2d.create(q, w, b, kernel);
             Tensor x = Tensor.fromArray(k.src(), srcType, p.inputShape());
             Tensor y = Tensor.allocate(dstType, p.outputShape())) {
            String name = conv.kernel();
            assertTrue(name.startsWith(kernel), () -> "pinned " + kernel + " but got " + name);
            assertFalse(IsaSupport.namesIsaAbove(name, IsaSupport.effective()),
                    () -> name + " uses an ISA above the effective " + IsaSupport.effective().id());
            assertArrayEquals(k.scales(), conv.weightScales(), "weight scales");
            if (dstType == DType.F32) {
                float[] nan = new float[(int) y.elementCount()];
                Arrays.fill(nan, Float.NaN);
                y.copyFrom(nan);
                conv.run(x, y);
                double err = Reference.relativeL2(y.toFloatArray(), k.y());
                assertTrue(err <= TOLERANCE, () -> q.descriptor() + " on " + name + ": relative L2 " + err + " > " + TOLERANCE);
            } else {
                conv.run(x, y);
                int[] got = values(y.toByteArray(), dstType);
                int worst = 0, off = 0, at = -1;
                for (int i = 0; i < got.length; i++) {
                    int d = Math.abs(got[i] - requantize(k.y()[i], dstScale, dstType));
                    if (d > 0) off++;
                    if (d > worst) {
                        worst = d;
                        at = i;
                    }
                }
                final int fWorst = worst, fOff = off, fAt = at;
                assertTrue(worst <= 1, () -> q.descriptor() + " on " + name + ": element " + fAt + " is " + got[fAt]
                        + ", the model gives " + requantize(k.y()[fAt], dstScale, dstType) + " (y " + k.y()[fAt] + "); "
                        + fOff + " of " + got.length + " differ, worst by " + fWorst);
            }
        }
    }

    /** The int8_s16 kernels equal ref:direct bit for bit: the same s32 sums and the same double epilogue. */
    @ParameterizedTest(name = "{0} {1}>{2} [{3}]")
    @MethodSource("exactSweep")
    void int8S16EqualsTheReferenceBitForBit(Conv2dProblem c, DType srcType, DType dstType, String kernel) {
        assumeRuns(kernel);
        Case k = prepare(c, srcType);
        float dstScale = dstType == DType.F32 ? 1f : dstScale(k.y(), dstType);
        assertEqualsReferenceBitForBit(QConv2dParams.of(c.params(), srcType, k.srcScale(), dstType, dstScale), k.src(),
                k.weights(), k.bias(), kernel);
    }

    /** The int8_dw kernels equal ref:direct bit for bit, as the int8_s16 kernels do. */
    @ParameterizedTest(name = "{0} {1}>{2} [{3}]")
    @MethodSource("dwSweep")
    void int8DwEqualsTheReferenceBitForBit(Conv2dProblem c, DType srcType, DType dstType, String kernel) {
        assumeRuns(kernel);
        Case k = prepare(c, srcType);
        float dstScale = dstType == DType.F32 ? 1f : dstScale(k.y(), dstType);
        assertEqualsReferenceBitForBit(QConv2dParams.of(c.params(), srcType, k.srcScale(), dstType, dstScale), k.src(),
                k.weights(), k.bias(), kernel);
    }

    /**
     * Requantization ties: with s_w = 123 * 2^-14 (every weight +-127 s_w), src scale 2^-8, dst
     * scale 123 * 2^-21 and src values in {0, 1} (u8) or {-1, 0, 1} (s8), y / dst_scale = acc / 2 =
     * 63.5 k exactly, a tie for every odd k, and 1 / dst_scale is about as inexact as a reciprocal
     * gets, so y * (1 / dst_scale) can land beside the tie: the exact kernels must still round each
     * one half to even, as the reference's division does.
     */
    @ParameterizedTest(name = "{0} {1}>{2} [{3}]")
    @MethodSource("tieSweep")
    void exactKernelsRoundRequantizationTiesAsTheReference(Conv2dProblem c, DType srcType, DType dstType, String kernel) {
        assumeRuns(kernel);
        Conv2dParams p = c.params();
        SplittableRandom r = new SplittableRandom(c.line().hashCode());
        float[] w = new float[(int) Tensor.elementCount(p.weightShape())];
        for (int i = 0; i < w.length; i++) w[i] = r.nextBoolean() ? 0.95343017578125f : -0.95343017578125f;
        byte[] src = new byte[(int) Tensor.elementCount(p.inputShape())];
        for (int i = 0; i < src.length; i++) src[i] = (byte) (srcType == DType.U8 ? r.nextInt(2) : r.nextInt(3) - 1);
        assertEqualsReferenceBitForBit(QConv2dParams.of(p, srcType, 0x1p-8f, dstType, 123 * 0x1p-21f), src, w, null, kernel);
    }

    static Stream<Arguments> tieSweep() {
        Conv2dProblem dw = Conv2dProblem.parse("mb1g24ic24ih9iw9oc24kh3kw3pt1pl1pb1pr1_nhwc_relu_nobias");
        Conv2dProblem dense = Conv2dProblem.parse("mb1ic8ih6iw6oc24kh3kw3pt1pl1pb1pr1_nhwc_none_nobias");
        return SRC_TYPES.stream().flatMap(s -> Stream.of(DType.U8, DType.S8).flatMap(d -> Stream.concat(
                DW.keySet().stream().sorted().map(k -> Arguments.of(dw, s, d, k)),
                S16.keySet().stream().sorted().map(k -> Arguments.of(dense, s, d, k)))));
    }

    /** kernel's result equals ref:direct's bit for bit (F32: the raw bits; U8/S8: the bytes). */
    static void assertEqualsReferenceBitForBit(QConv2dParams q, byte[] src, float[] weights, float[] bias, String kernel) {
        Conv2dParams p = q.geometry();
        DType srcType = q.srcType(), dstType = q.dstType();
        try (Tensor w = Tensor.fromArray(weights, p.weightShape());
             Tensor b = bias == null ? null : Tensor.fromArray(bias, p.outChannels());
             QConv2d fast = QConv2d.create(q, w, b, kernel);
             QConv2d ref = QConv2d.create(q, w, b, "ref");
             Tensor x = Tensor.fromArray(src, srcType, p.inputShape());
             Tensor got = fast.run(x);
             Tensor want = ref.run(x)) {
            assertEquals(kernel, fast.kernel());
            assertEquals("ref:direct", ref.kernel());
            if (dstType == DType.F32) {
                float[] g = got.toFloatArray(), r = want.toFloatArray();
                for (int i = 0; i < g.length; i++) {
                    if (Float.floatToRawIntBits(g[i]) != Float.floatToRawIntBits(r[i])) {
                        final int at = i;
                        fail(() -> q.descriptor() + " on " + kernel + ": element " + at
                                + " is " + g[at] + ", ref:direct gives " + r[at]);
                    }
                }
            } else {
                assertArrayEquals(want.toByteArray(), got.toByteArray(), () -> q.descriptor() + " on " + kernel);
            }
        }
    }

    /** An int8_s16 or int8_dw kernel above the process's ISA is refused with UNSUPPORTED_ISA, never run. */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("isaKernels")
    void exactKernelAboveTheEffectiveIsaIsRefused(String kernel) {
        boolean dw = DW.containsKey(kernel);
        Isa need = dw ? DW.get(kernel) : S16.get(kernel), eff = IsaSupport.effective();
        assumeTrue(need.compareTo(eff) > 0, () -> kernel + " needs " + need.id() + ", which this process has ("
                + eff.id() + "): nothing to refuse");
        Conv2dParams p = dw ? DEPTHWISE : SAME;
        QConv2dParams q = QConv2dParams.of(p, DType.U8, 0.01f);
        try (Tensor w = Tensor.fromArray(Reference.uniform(1, (int) Tensor.elementCount(p.weightShape())), p.weightShape())) {
            FrugalException e = fails(FrugalException.class, () -> QConv2d.create(q, w, null, kernel).close(), kernel,
                    "needs " + need.id());
            assertEquals(ErrorCode.UNSUPPORTED_ISA, e.code());
        }
    }

    static Stream<String> isaKernels() {
        return Stream.concat(S16.keySet().stream(), DW.keySet().stream()).sorted();
    }

    /**
     * The int8_dw kernels serve depthwise NHWC with one output channel per group only; they
     * decline the rest, saying why (the int8_s16 kernels or ref:direct serve those).
     */
    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("dwDeclines")
    void int8DwDeclinesWhatItDoesNotServe(String line, String kernel, String reason) {
        assumeRuns(kernel);
        Conv2dParams p = Conv2dProblem.parse(line).params();
        QConv2dParams q = QConv2dParams.of(p, DType.U8, 0.01f);
        try (Tensor w = Tensor.fromArray(Reference.uniform(2, (int) Tensor.elementCount(p.weightShape())), p.weightShape())) {
            FrugalException e = fails(FrugalException.class, () -> QConv2d.create(q, w, null, kernel).close(), kernel,
                    reason);
            assertEquals(ErrorCode.UNIMPLEMENTED, e.code());
        }
    }

    static Stream<Arguments> dwDeclines() {
        List<String[]> cases = List.of(
                new String[] {"mb1ic8ih7iw7oc8kh3kw3pt1pl1pb1pr1_nhwc_relu", "not depthwise"},
                new String[] {"mb1g8ic8ih7iw7oc16kh3kw3pt1pl1pb1pr1_nhwc_relu", "channel multiplier 1"},
                new String[] {"mb1g4ic8ih7iw7oc4kh3kw3pt1pl1pb1pr1_nhwc_relu", "not depthwise"},
                new String[] {"mb1g8ic8ih7iw7oc8kh3kw3pt1pl1pb1pr1_nchw_relu", "NCHW"});
        return cases.stream().flatMap(c -> DW.keySet().stream().sorted().map(k -> Arguments.of(c[0], k, c[1])));
    }

    /** A channel of zeros gets scale 1 and q 0: its output is the bias alone, after the activation. */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("kernels")
    void allZeroWeightChannelHasScaleOneAndGivesTheBias(String kernel) {
        assumeRuns(kernel);
        Conv2dParams p = Conv2dParams.builder().input(5, 4, 4).outChannels(3).kernel(3, 3).padding(1)
                .layout(Layout.NHWC).build();
        float[] w = Reference.uniform(3, (int) Tensor.elementCount(p.weightShape()));
        int per = w.length / 3;
        Arrays.fill(w, per, 2 * per, 0f); // channel 1
        float[] bias = {0.25f, -0.75f, 0.5f};
        byte[] src = randomSrc(4, (int) Tensor.elementCount(p.inputShape()), DType.U8);
        QConv2dParams q = QConv2dParams.of(p, DType.U8, 0.01f);
        try (Tensor wt = Tensor.fromArray(w, p.weightShape());
             Tensor bt = Tensor.fromArray(bias, 3)) {
            if (declinedWithoutVnni(kernel, () -> QConv2d.create(q, wt, bt, kernel).close())) return;
        }
        try (Tensor wt = Tensor.fromArray(w, p.weightShape());
             Tensor bt = Tensor.fromArray(bias, 3);
             QConv2d conv = QConv2d.create(q, wt, bt, kernel);
             Tensor x = Tensor.fromArray(src, DType.U8, p.inputShape());
             Tensor y = conv.run(x)) {
            float[] scales = conv.weightScales();
            assertEquals(1f, scales[1]);
            assertArrayEquals(weightScales(w, 3), scales);
            float[] out = y.toFloatArray();
            for (int i = 1; i < out.length; i += 3) assertEquals(-0.75f, out[i], () -> "channel 1 of " + conv.kernel());
            double err = Reference.relativeL2(out, model(q, values(src, DType.U8), quantizeWeights(w, scales), scales, bias));
            assertTrue(err <= TOLERANCE, () -> conv.kernel() + ": relative L2 " + err);
        }
    }

    static Stream<String> kernels() {
        return KERNELS.stream();
    }

    /** The kernel an unpinned create gets at the effective ISA. */
    static String unpinnedKernel() {
        Isa eff = IsaSupport.effective();
        if (onednnServes()) return "onednn:";
        if (eff.compareTo(Isa.AVX512) >= 0) return "avx512:int8_s16";
        return eff.compareTo(Isa.AVX2) >= 0 ? "avx2:int8_s16" : "ref:direct";
    }

    /** The kernel an unpinned create gets for a depthwise NHWC convolution at the effective ISA. */
    static String unpinnedDepthwiseKernel() {
        Isa eff = IsaSupport.effective();
        if (onednnServes()) return "onednn:";
        if (eff.compareTo(Isa.AVX512) >= 0) return "avx512:int8_dw";
        return eff.compareTo(Isa.AVX2) >= 0 ? "avx2:int8_dw" : "ref:direct";
    }

    /**
     * A depthwise NHWC convolution unpinned gets oneDNN from AVX-512 VNNI on, the int8_dw kernel of
     * the ISA on AVX-512 and AVX2 (before the int8_s16 kernels, which decline it), else
     * ref:direct; a shared sibling computes the same.
     */
    @Test
    void unpinnedDepthwiseIsTheDwKernelOfTheIsa() {
        Conv2dParams p = Conv2dParams.builder().input(24, 9, 9).outChannels(24).groups(24).kernel(3, 3).padding(1)
                .layout(Layout.NHWC).activation(Activation.relu()).build();
        QConv2dParams q = QConv2dParams.of(p, DType.U8, 0.02f, DType.U8, 0.05f);
        try (Tensor w = Tensor.fromArray(Reference.uniform(7, (int) Tensor.elementCount(p.weightShape())), p.weightShape());
             QConv2d conv = QConv2d.create(q, w, null);
             QConv2d twin = conv.share();
             Tensor x = Tensor.fromArray(randomSrc(8, (int) Tensor.elementCount(p.inputShape()), DType.U8), DType.U8,
                     p.inputShape());
             Tensor y1 = conv.run(x);
             Tensor y2 = twin.run(x)) {
            String want = unpinnedDepthwiseKernel();
            assertTrue(conv.kernel().startsWith(want), () -> conv.kernel() + " at " + IsaSupport.effective() + ", want " + want);
            if (IsaSupport.effective() == Isa.AVX2) assertEquals("avx2:int8_dw", conv.kernel());
            assertEquals(conv.kernel(), twin.kernel());
            assertArrayEquals(y1.toByteArray(), y2.toByteArray());
        }
    }

    /**
     * A shared sibling computes the same; the unpinned choice is oneDNN from AVX-512 VNNI on, the
     * int8_s16 kernel of the ISA on AVX-512 and AVX2, else ref:direct.
     */
    @Test
    void unpinnedIsOnednnAndShareGivesTheSameResult() {
        Conv2dParams p = Conv2dParams.builder().input(8, 6, 6).outChannels(4).kernel(3, 3).padding(1)
                .activation(Activation.relu()).build();
        QConv2dParams q = QConv2dParams.of(p, DType.S8, 0.02f, DType.U8, 0.05f);
        try (Tensor w = Tensor.fromArray(Reference.uniform(5, (int) Tensor.elementCount(p.weightShape())), p.weightShape());
             QConv2d conv = QConv2d.create(q, w, null);
             QConv2d twin = conv.share();
             Tensor x = Tensor.fromArray(randomSrc(6, (int) Tensor.elementCount(p.inputShape()), DType.S8), DType.S8,
                     p.inputShape());
             Tensor y1 = conv.run(x);
             Tensor y2 = twin.run(x)) {
            assertTrue(conv.kernel().startsWith(unpinnedKernel()), () -> conv.kernel() + " at " + IsaSupport.effective());
            assertEquals(conv.kernel(), twin.kernel());
            assertEquals(DType.U8, y1.dtype());
            assertArrayEquals(y1.toByteArray(), y2.toByteArray());
            assertArrayEquals(conv.weightScales(), twin.weightScales());
        }
    }

    // ------------------------------------------------------------------ bad input (BadInputTest's style)

    private static <T extends Throwable> T fails(Class<T> type, Executable call, String... fragments) {
        T e = assertThrows(type, call);
        String m = e.getMessage();
        for (String f : fragments) {
            assertTrue(m != null && m.contains(f), () -> "message '" + m + "' does not mention '" + f + "'");
        }
        return e;
    }

    private static final Conv2dParams SAME = Conv2dParams.builder().input(4, 5, 5).outChannels(4).kernel(3, 3)
            .padding(1).build();
    private static final Conv2dParams DEPTHWISE = Conv2dParams.builder().input(4, 5, 5).outChannels(4).groups(4)
            .kernel(3, 3).padding(1).layout(Layout.NHWC).build();

    @Test
    void badParamsAreRefusedWithTheirName() {
        fails(NullPointerException.class, () -> QConv2dParams.of(null, DType.U8, 1f), "geometry");
        fails(NullPointerException.class, () -> QConv2dParams.of(SAME, null, 1f), "srcType");
        fails(NullPointerException.class, () -> QConv2dParams.of(SAME, DType.U8, 1f, null, 1f), "dstType");
        fails(IllegalArgumentException.class, () -> QConv2dParams.of(SAME, DType.F32, 1f), "srcType", "F32");
        fails(IllegalArgumentException.class, () -> QConv2dParams.of(SAME, DType.U8, 1f, DType.S32, 1f), "dstType", "S32");
        fails(IllegalArgumentException.class, () -> QConv2dParams.of(SAME, DType.U8, 1f, DType.BF16, 1f), "dstType", "BF16");
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, -1f}) {
            fails(IllegalArgumentException.class, () -> QConv2dParams.of(SAME, DType.U8, bad), "srcScale", String.valueOf(bad));
            fails(IllegalArgumentException.class, () -> QConv2dParams.of(SAME, DType.S8, 1f, DType.S8, bad), "dstScale",
                    String.valueOf(bad));
            fails(IllegalArgumentException.class, () -> QConv2dParams.of(SAME, DType.S8, 1f, DType.U8, bad), "dstScale");
        }
        // dstScale is ignored for an F32 dst.
        assertEquals(DType.F32, QConv2dParams.of(SAME, DType.U8, 1f, DType.F32, Float.NaN).dstType());
        Conv2dParams huge = Conv2dParams.builder().input(2000, 7, 7).outChannels(1).kernel(7, 7).build();
        fails(IllegalArgumentException.class, () -> QConv2dParams.of(huge, DType.U8, 1f), "98000", "66311");
    }

    @Test
    void badOperandsAreRefusedBeforeTheNativeCall() {
        QConv2dParams q = QConv2dParams.of(SAME, DType.U8, 0.01f, DType.S8, 0.1f);
        try (Tensor w = Tensor.fromArray(Reference.uniform(1, 4 * 4 * 9), SAME.weightShape());
             Tensor f32Weights = Tensor.allocate(DType.F32, 4, 4, 3, 3);
             Tensor s8Weights = Tensor.allocate(DType.S8, SAME.weightShape());
             Tensor wrongShape = Tensor.allocate(DType.F32, 4, 4, 3, 2);
             QConv2d conv = QConv2d.create(q, w, null, "ref");
             Tensor u8 = Tensor.allocate(DType.U8, SAME.inputShape());
             Tensor s8In = Tensor.allocate(DType.S8, SAME.inputShape());
             Tensor f32In = Tensor.allocate(DType.F32, SAME.inputShape());
             Tensor s8Out = Tensor.allocate(DType.S8, SAME.outputShape());
             Tensor u8Out = Tensor.allocate(DType.U8, SAME.outputShape());
             Tensor f32Out = Tensor.allocate(DType.F32, SAME.outputShape());
             Tensor u8Small = Tensor.allocate(DType.U8, 1, 4, 5, 4)) {
            fails(NullPointerException.class, () -> QConv2d.create(null, w, null), "params");
            fails(NullPointerException.class, () -> QConv2d.create(q, null, null), "weights");
            fails(IllegalArgumentException.class, () -> QConv2d.create(q, s8Weights, null), "weights must be F32", "S8");
            fails(IllegalArgumentException.class, () -> QConv2d.create(q, wrongShape, null), "weights shape", "[4, 4, 3, 2]");
            fails(IllegalArgumentException.class, () -> QConv2d.create(q, f32Weights, u8), "bias must be F32");
            fails(NullPointerException.class, () -> conv.run(null, s8Out), "qconv2d", "src");
            fails(NullPointerException.class, () -> conv.run(u8, null), "qconv2d", "dst");
            fails(NullPointerException.class, () -> conv.run(null), "src");
            fails(IllegalArgumentException.class, () -> conv.run(s8In, s8Out), "src must be U8, got S8");
            fails(IllegalArgumentException.class, () -> conv.run(f32In, s8Out), "src must be U8, got F32");
            fails(IllegalArgumentException.class, () -> conv.run(u8, u8Out), "dst must be S8, got U8");
            fails(IllegalArgumentException.class, () -> conv.run(u8, f32Out), "dst must be S8, got F32");
            fails(IllegalArgumentException.class, () -> conv.run(u8Small, s8Out), "src shape", "[1, 4, 5, 4]");
            try (Tensor s8Small = Tensor.allocate(DType.S8, 1, 4, 5, 4)) {
                fails(IllegalArgumentException.class, () -> conv.run(u8, s8Small), "dst shape", "[1, 4, 5, 4]");
            }
        }
    }

    @Test
    void nonFiniteWeightsAndBiasAreRefusedAtCreate() {
        QConv2dParams q = QConv2dParams.of(SAME, DType.U8, 0.01f);
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float[] w = Reference.uniform(1, 4 * 4 * 9);
            w[40] = bad; // output channel 1
            try (Tensor wt = Tensor.fromArray(w, SAME.weightShape());
                 Tensor good = Tensor.fromArray(Reference.uniform(2, 4 * 4 * 9), SAME.weightShape());
                 Tensor bias = Tensor.fromArray(new float[] {0, 0, bad, 0}, 4)) {
                for (String k : KERNELS) {
                    FrugalException e = fails(FrugalException.class, () -> QConv2d.create(q, wt, null, k), "qconv2d",
                            "weight 40", "output channel 1", "finite");
                    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
                    fails(FrugalException.class, () -> QConv2d.create(q, good, bias, k), "bias 2", "finite");
                }
            }
        }
    }

    @Test
    void closedOperatorIsRefused() {
        QConv2dParams q = QConv2dParams.of(SAME, DType.U8, 0.01f);
        try (Tensor w = Tensor.allocate(DType.F32, SAME.weightShape());
             Tensor x = Tensor.allocate(DType.U8, SAME.inputShape())) {
            QConv2d c = QConv2d.create(q, w, null);
            c.close();
            c.close();
            fails(IllegalStateException.class, () -> c.run(x), "closed qconv2d");
            fails(IllegalStateException.class, c::share, "closed qconv2d");
            fails(IllegalStateException.class, c::weightScales, "closed qconv2d");
        }
    }

    /** The C entry validates on its own too (callers other than Java): types and scales. */
    @Test
    void nativeEntryRefusesBadTypesAndScales() {
        try (Tensor w = Tensor.allocate(DType.F32, SAME.weightShape())) {
            String[][] cases = {{"f32 src", "src_dtype"}, {"s32 dst", "dst_dtype"}, {"zero src scale", "src_scale"},
                {"nan dst scale", "dst_scale"}, {"inf src scale", "src_scale"}};
            for (String[] c : cases) {
                try (FrugalNative.QConv2dDesc d = new FrugalNative.QConv2dDesc();
                     PointerPointer<Pointer> out = new PointerPointer<>(1)) {
                    d.batch(1).in_channels(4).in_h(5).in_w(5).out_channels(4).kernel_h(3).kernel_w(3).stride_h(1)
                            .stride_w(1).pad_top(1).pad_left(1).pad_bottom(1).pad_right(1).dilation_h(1).dilation_w(1)
                            .groups(1).layout(0).src_dtype(DType.U8.code()).src_scale(1f).dst_dtype(DType.S8.code())
                            .dst_scale(1f);
                    d.activation().kind(0).alpha(0).beta(0);
                    switch (c[0]) {
                        case "f32 src" -> d.src_dtype(DType.F32.code());
                        case "s32 dst" -> d.dst_dtype(DType.S32.code());
                        case "zero src scale" -> d.src_scale(0f);
                        case "nan dst scale" -> d.dst_scale(Float.NaN);
                        default -> d.src_scale(Float.POSITIVE_INFINITY);
                    }
                    int status = FrugalNative.frugal_qconv2d_create(d, null, w.memory(), null, out);
                    assertEquals(ErrorCode.INVALID_ARGUMENT, ErrorCode.of(status), c[0]);
                    String m = NativeCalls.string(FrugalNative.frugal_last_error());
                    assertTrue(m.contains("qconv2d") && m.contains(c[1]), () -> c[0] + ": " + m);
                    assertTrue(out.get(0) == null || out.get(0).isNull(), c[0]);
                }
            }
        }
    }
}
