package io.frugal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.frugal.jni.FrugalNative;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * f32 <-> u8/s8 quantize and dequantize, bit for bit against a scalar Java truth (float division,
 * {@link Math#rint}, saturation), for every kernel of the quantize list that this process may use
 * (the others skip, naming the ISA they need), plus bad input and the round-trip bound. Surefire
 * reruns this class under each FRUGAL_MAX_ISA cap.
 */
@Tag("kernel") // rerun under every FRUGAL_MAX_ISA cap (java-bindings/pom.xml)
class QuantizeTest {
    /** The quantize list (native/src/dispatch/quantize_list.cpp). */
    private static final List<TemplateKernel> KERNELS = TemplateKernel.of("quantize");

    /** Around the vector widths (8, 16) and past the OpenMP split (64 Ki elements and up). */
    static final int[] COUNTS = {0, 1, 7, 8, 15, 16, 17, 63, 64, 65, 1000, 70001};
    static final List<DType> INT8 = List.of(DType.U8, DType.S8);
    /**
     * A power of two (exact ties), 0.1f (x / 0.1f lands on a tie in float where the double quotient
     * does not: see the specials), arbitrary ones, the smallest normal (denormal inputs matter).
     */
    static final float[] QUANTIZE_SCALES = {0.25f, 0.1f, 0.0173f, 3f, 1e-3f, Float.MIN_NORMAL};
    /** As above, and one where 255 * scale overflows to infinity. */
    static final float[] DEQUANTIZE_SCALES = {0.25f, 0.0173f, 3f, Float.MIN_NORMAL, 3e36f};

    // ------------------------------------------------------------------ the Java truth

    static int lo(DType t) {
        return t == DType.U8 ? 0 : -128;
    }

    static int hi(DType t) {
        return t == DType.U8 ? 255 : 127;
    }

    /** saturate(roundHalfEven(x / scale)) with x / scale a float division; NaN gives 0. */
    static int quantize(float x, float scale, DType t) {
        float y = x / scale; // float / float: one IEEE binary32 division
        if (Float.isNaN(y)) return 0;
        return (int) Math.min(hi(t), Math.max(lo(t), Math.rint(y)));
    }

    /** (float) q * scale, q the byte read as u8 or s8. */
    static float dequantize(byte b, float scale, DType t) {
        int q = t == DType.U8 ? b & 0xFF : b;
        return (float) q * scale;
    }

    /** The specials and rounding edges, in units of scale where that matters. */
    static float[] specials(float scale) {
        float[] fixed = {0f, -0f, Float.NaN, -Float.NaN, Float.intBitsToFloat(0x7F800001), Float.intBitsToFloat(0xFFC12345),
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.intBitsToFloat(0x00400000), Float.intBitsToFloat(0x00600000),
            Float.intBitsToFloat(0x807FFFFF), Float.MIN_NORMAL, 1e30f, -1e30f,
            0.35f, 0.45000002f, 0.75f, -0.85f}; // ties of the float division by 0.1f, not of the double one
        float[] units = {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 0.49999997f, 0.50000006f, 126.5f, 127.5f, 128.5f, -127.5f,
            -128.5f, -129f, 254.5f, 255.5f, 256f, 300f, -1f, -0.4f, 1e9f};
        float[] v = new float[fixed.length + units.length];
        System.arraycopy(fixed, 0, v, 0, fixed.length);
        for (int i = 0; i < units.length; i++) v[fixed.length + i] = units[i] * scale;
        return v;
    }

    /** In-range values, ties near every integer, random bit patterns (all classes), specials at both ends. */
    static float[] quantizeData(int n, float scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(4)) {
                case 0: v[i] = (float) (r.nextDouble(-140, 270) * scale); break;
                case 1: v[i] = (r.nextInt(-140, 270) + 0.5f) * scale; break;
                case 2: v[i] = Float.intBitsToFloat(r.nextInt()); break;
                default: v[i] = r.nextInt(-140, 270) * scale; break;
            }
        }
        float[] s = specials(scale);
        for (int i = 0; i < s.length && i < n; i++) {
            v[i] = s[i];
            v[n - 1 - i] = s[s.length - 1 - i];
        }
        return v;
    }

    /** Every byte value, cycled, in a scrambled order. */
    static byte[] dequantizeData(int n) {
        byte[] v = new byte[n];
        for (int i = 0; i < n; i++) v[i] = (byte) (i * 167 + 3); // odd multiplier: a permutation mod 256
        return v;
    }

    // ------------------------------------------------------------------ the truth itself

    @Test
    void truthRoundsAndSaturatesAsSpecified() {
        for (float s : new float[] {0.25f, 3f}) { // (k + 0.5) * s / s is exact
            assertEquals(0, quantize(0.5f * s, s, DType.S8));
            assertEquals(2, quantize(1.5f * s, s, DType.S8));
            assertEquals(2, quantize(2.5f * s, s, DType.S8));
            assertEquals(-2, quantize(-1.5f * s, s, DType.S8));
            assertEquals(-2, quantize(-2.5f * s, s, DType.S8));
            assertEquals(127, quantize(127.5f * s, s, DType.S8));
            assertEquals(-128, quantize(-128.5f * s, s, DType.S8));
            assertEquals(254, quantize(254.5f * s, s, DType.U8));
            assertEquals(255, quantize(300f * s, s, DType.U8));
            assertEquals(0, quantize(-1f * s, s, DType.U8));
        }
        for (DType t : INT8) {
            assertEquals(0, quantize(Float.NaN, 0.1f, t));
            assertEquals(hi(t), quantize(Float.POSITIVE_INFINITY, 0.1f, t));
            assertEquals(lo(t), quantize(Float.NEGATIVE_INFINITY, 0.1f, t));
            assertEquals(hi(t), quantize(Float.MAX_VALUE, 1e-30f, t)); // overflows to +inf
            assertEquals(0, quantize(-0f, 0.1f, t));
            assertEquals(1, quantize(Float.intBitsToFloat(0x00600000), Float.MIN_NORMAL, t)); // denormal: 0.75
        }
        // Float division, not double: 0.35f / 0.1f is exactly 3.5 in float (a tie, to 4) but
        // 3.4999998882 in double (3); likewise 0.45000002f / 0.1f is 4.5 (to 4), 4.5000001 in double.
        assertEquals(4, quantize(0.35f, 0.1f, DType.S8));
        assertEquals(4, quantize(0.45000002f, 0.1f, DType.S8));
        assertEquals(8, quantize(0.75f, 0.1f, DType.U8));
        assertEquals(-128, (int) dequantize((byte) 0x80, 1f, DType.S8));
        assertEquals(128, (int) dequantize((byte) 0x80, 1f, DType.U8));
        assertEquals(Float.POSITIVE_INFINITY, dequantize((byte) 0xFF, 3e36f, DType.U8));
    }

    // ------------------------------------------------------------------ kernels

    static Stream<Arguments> kernelsAndCounts() {
        return KERNELS.stream().flatMap(k -> IntStream.of(COUNTS).mapToObj(n -> Arguments.of(k, n)));
    }

    static Stream<TemplateKernel> kernels() {
        return KERNELS.stream();
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("kernelsAndCounts")
    void quantizeIsBitExact(TemplateKernel kernel, int n) {
        IsaSupport.assumeIsa(kernel.isa(), kernel.id());
        for (DType t : INT8) {
            for (float scale : QUANTIZE_SCALES) {
                float[] src = quantizeData(n, scale, 31L * n + t.ordinal() + Float.floatToIntBits(scale));
                QuantizeParams p = QuantizeParams.quantize(t, scale, n);
                try (Quantize op = Quantize.create(p, kernel.id());
                     Tensor x = Tensor.fromArray(src, n);
                     Tensor q = Tensor.allocate(t, n)) {
                    assertEquals(kernel.id(), op.kernel());
                    op.run(x, q);
                    byte[] got = q.toByteArray();
                    for (int i = 0; i < n; i++) {
                        int want = quantize(src[i], scale, t);
                        int g = t == DType.U8 ? got[i] & 0xFF : got[i];
                        if (g != want) {
                            fail(String.format("%s %s scale %s, n=%d, element %d: f32 %s (0x%08X) -> %d, want %d", kernel, t,
                                    scale, n, i, src[i], Float.floatToRawIntBits(src[i]), g, want));
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("kernelsAndCounts")
    void dequantizeIsBitExact(TemplateKernel kernel, int n) {
        IsaSupport.assumeIsa(kernel.isa(), kernel.id());
        byte[] src = dequantizeData(n);
        for (DType t : INT8) {
            for (float scale : DEQUANTIZE_SCALES) {
                try (Quantize op = Quantize.create(QuantizeParams.dequantize(t, scale, n), kernel.id());
                     Tensor q = Tensor.fromArray(src, t, n);
                     Tensor x = Tensor.allocate(DType.F32, n)) {
                    assertEquals(kernel.id(), op.kernel());
                    op.run(q, x);
                    float[] got = x.toFloatArray();
                    for (int i = 0; i < n; i++) {
                        float want = dequantize(src[i], scale, t);
                        if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(want)) {
                            fail(String.format("%s %s scale %s, n=%d, element %d: %d -> %s, want %s", kernel, t, scale, n, i,
                                    src[i], got[i], want));
                        }
                    }
                }
            }
        }
    }

    /** Slices start at any element, so kernels see unaligned heads as well as tails. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void unalignedSlicesMatchTheTruth(TemplateKernel kernel) {
        IsaSupport.assumeIsa(kernel.isa(), kernel.id());
        int n = 200;
        float scale = 0.0173f;
        float[] f = quantizeData(n, scale, 99);
        byte[] b = dequantizeData(n);
        for (DType t : INT8) {
            try (Tensor allF = Tensor.fromArray(f, n); Tensor allB = Tensor.fromArray(b, t, n)) {
                for (int start = 0; start < 20; start++) {
                    int end = n - (start * 7) % 19, len = end - start;
                    try (Quantize qz = Quantize.create(QuantizeParams.quantize(t, scale, len), kernel.id());
                         Quantize dq = Quantize.create(QuantizeParams.dequantize(t, scale, len), kernel.id());
                         Tensor partF = allF.slice(start, end);
                         Tensor partB = allB.slice(start, end);
                         Tensor q = qz.run(partF);
                         Tensor x = dq.run(partB)) {
                        byte[] gotQ = q.toByteArray();
                        float[] gotX = x.toFloatArray();
                        for (int i = 0; i < len; i++) {
                            int g = t == DType.U8 ? gotQ[i] & 0xFF : gotQ[i];
                            assertEquals(quantize(f[start + i], scale, t), g, kernel + " " + t + " slice [" + start + ", "
                                    + end + ") element " + i);
                            assertEquals(dequantize(b[start + i], scale, t), gotX[i], 0f, kernel + " " + t + " slice ["
                                    + start + ", " + end + ") element " + i);
                        }
                    }
                }
            }
        }
    }

    /** A kernel above this process's ISA is refused with UNSUPPORTED_ISA, never run. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void kernelAboveTheEffectiveIsaIsRefused(TemplateKernel kernel) {
        Isa eff = IsaSupport.effective();
        assumeTrue(kernel.isa().compareTo(eff) > 0, () -> kernel + " needs " + kernel.isa().id() + ", which this process has ("
                + eff.id() + "): nothing to refuse");
        FrugalException e = assertThrows(FrugalException.class,
                () -> Quantize.create(QuantizeParams.quantize(DType.U8, 0.1f, 3), kernel.id()));
        assertEquals(ErrorCode.UNSUPPORTED_ISA, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(kernel.id()) && e.getMessage().contains("needs " + kernel.isa().id()),
                e.getMessage());
    }

    /** Unpinned, the fastest kernel allowed here serves; a prefix pins too; share keeps the kernel. */
    @Test
    void defaultKernelIsTheFastestAllowed() {
        Isa eff = IsaSupport.effective();
        TemplateKernel expected = KERNELS.stream().filter(k -> k.isa().compareTo(eff) <= 0).findFirst().orElseThrow();
        try (Quantize q = Quantize.create(QuantizeParams.quantize(DType.S8, 0.5f, 4, 5));
             Quantize d = Quantize.create(QuantizeParams.dequantize(DType.U8, 0.5f, 4, 5));
             Quantize ref = Quantize.create(QuantizeParams.quantize(DType.S8, 0.5f, 4, 5), "ref");
             Quantize shared = q.share()) {
            assertEquals(expected.id(), q.kernel());
            assertEquals(expected.id(), d.kernel());
            assertEquals(expected.id(), shared.kernel());
            assertEquals("ref:quantize", ref.kernel());
            assertEquals(DType.F32, q.srcType());
            assertEquals(DType.S8, q.dstType());
            float[] src = quantizeData(20, 0.5f, 5);
            try (Tensor x = Tensor.fromArray(src, 4, 5); Tensor a = q.run(x); Tensor b = shared.run(x)) {
                assertEquals(DType.S8, a.dtype());
                assertEquals(List.of(4L, 5L), List.of(a.dim(0), a.dim(1)));
                byte[] ga = a.toByteArray(), gb = b.toByteArray();
                for (int i = 0; i < src.length; i++) {
                    assertEquals(quantize(src[i], 0.5f, DType.S8), ga[i], "element " + i);
                    assertEquals(ga[i], gb[i], "element " + i);
                }
            }
        }
    }

    /** dequantize(quantize(x)) is within scale / 2 of x for every x in the representable range. */
    @Test
    void roundTripIsWithinHalfAStep() {
        SplittableRandom r = new SplittableRandom(17);
        int n = 70001;
        for (DType t : INT8) {
            for (float scale : new float[] {0.0173f, 0.25f, 3f, 1e-3f}) {
                float[] src = new float[n];
                for (int i = 0; i < n; i++) src[i] = (float) (r.nextDouble(lo(t), hi(t)) * scale);
                src[0] = lo(t) * scale;
                src[1] = hi(t) * scale;
                try (Quantize qz = Quantize.create(QuantizeParams.quantize(t, scale, n));
                     Quantize dq = Quantize.create(QuantizeParams.dequantize(t, scale, n));
                     Tensor x = Tensor.fromArray(src, n);
                     Tensor q = qz.run(x);
                     Tensor back = dq.run(q)) {
                    float[] got = back.toFloatArray();
                    for (int i = 0; i < n; i++) {
                        // scale / 2, plus the float rounding of x / scale and of q * scale.
                        double bound = scale * 0.5 * (1 + 0x1p-14) + Math.ulp(src[i]);
                        double err = Math.abs((double) got[i] - src[i]);
                        if (err > bound) fail(t + " scale " + scale + ": " + src[i] + " came back as " + got[i]);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void paramsRefuseBadPairsScalesAndShapes() {
        DType[][] badPairs = {{DType.F32, DType.F32}, {DType.U8, DType.S8}, {DType.S8, DType.S8}, {DType.F32, DType.BF16},
            {DType.BF16, DType.F32}, {DType.S32, DType.F32}, {DType.F32, DType.S32}, {DType.BIT, DType.F32}};
        for (DType[] pair : badPairs) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new QuantizeParams(new long[] {4}, pair[0], pair[1], 0.5f));
            assertTrue(e.getMessage().contains(pair[0] + " -> " + pair[1]) && e.getMessage().contains("neither quantize"),
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> QuantizeParams.quantize(DType.F32, 0.5f, 4));
        assertThrows(IllegalArgumentException.class, () -> QuantizeParams.dequantize(DType.F32, 0.5f, 4));
        for (float bad : new float[] {0f, -0f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> QuantizeParams.quantize(DType.U8, bad, 4));
            assertTrue(e.getMessage().contains("scale must be finite and positive, got " + bad), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> QuantizeParams.dequantize(DType.S8, bad, 4));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuantizeParams.quantize(DType.U8, 1f, 2, -3));
        assertTrue(e.getMessage().contains("dimension 1 must be >= 0, got -3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> QuantizeParams.quantize(DType.U8, 1f, Long.MAX_VALUE / 2, 3));
        assertTrue(e.getMessage().contains("overflows"), e.getMessage());
        assertThrows(NullPointerException.class, () -> QuantizeParams.quantize(null, 1f, 2));
        assertThrows(NullPointerException.class, () -> QuantizeParams.quantize(DType.U8, 1f, (long[]) null));
        assertThrows(NullPointerException.class, () -> Quantize.create(null));
        // Accepted: the smallest positive scale, rank 0 (one element), an empty tensor.
        assertEquals(1, QuantizeParams.quantize(DType.U8, Float.MIN_VALUE).count());
        assertEquals(0, QuantizeParams.dequantize(DType.U8, 1f, 3, 0).count());
        assertEquals(QuantizeParams.quantize(DType.S8, 0.5f, 2, 3), QuantizeParams.quantize(DType.S8, 0.5f, 2, 3));
        assertNotEquals(QuantizeParams.quantize(DType.S8, 0.5f, 2, 3), QuantizeParams.quantize(DType.U8, 0.5f, 2, 3));
    }

    @Test
    void runRefusesWrongTensors() {
        try (Quantize q = Quantize.create(QuantizeParams.quantize(DType.U8, 0.5f, 2, 3));
             Tensor f = Tensor.allocate(DType.F32, 2, 3);
             Tensor fWrongShape = Tensor.allocate(DType.F32, 3, 2);
             Tensor u8 = Tensor.allocate(DType.U8, 2, 3);
             Tensor s8 = Tensor.allocate(DType.S8, 2, 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> q.run(u8, u8));
            assertTrue(e.getMessage().contains("quantize: src must be F32, got U8"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> q.run(fWrongShape, u8));
            assertTrue(e.getMessage().contains("src shape [3, 2] does not match [2, 3]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> q.run(f, s8));
            assertTrue(e.getMessage().contains("dst must be U8, got S8"), e.getMessage());
            assertThrows(NullPointerException.class, () -> q.run(null, u8));
            q.run(f, u8); // the right tensors pass
            q.close();
            assertThrows(IllegalStateException.class, () -> q.run(f, u8));
        }
        try (Quantize d = Quantize.create(QuantizeParams.dequantize(DType.S8, 0.5f, 6));
             Tensor u8 = Tensor.allocate(DType.U8, 6);
             Tensor f = Tensor.allocate(DType.F32, 6)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.run(u8, f));
            assertTrue(e.getMessage().contains("dequantize: src must be S8, got U8"), e.getMessage());
        }
        FrugalException e = assertThrows(FrugalException.class,
                () -> Quantize.create(QuantizeParams.quantize(DType.U8, 1f, 4), "avx3:quantize"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("no kernel named 'avx3:quantize'"), e.getMessage());
    }

    /** The C ABI checks the descriptor itself (the Java layer never lets these through). */
    @Test
    void nativeRefusesBadDescriptors() {
        try (FrugalNative.QuantizeDesc d = new FrugalNative.QuantizeDesc();
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            d.count(8).src_dtype(DType.F32.code()).dst_dtype(DType.U8.code()).scale(0.5f);
            assertEquals(0, FrugalNative.frugal_quantize_create(d, null, out));
            FrugalNative.QuantizeHandle h = new FrugalNative.QuantizeHandle(out.get(0));
            nativeRefuses(FrugalNative.frugal_quantize_execute(h, null, null), "quantize_execute: src is null");
            FrugalNative.frugal_quantize_destroy(h);

            d.dst_dtype(DType.F32.code());
            nativeRefuses(FrugalNative.frugal_quantize_create(d, null, out), "f32 (0) -> dst_dtype f32 (0)",
                    "neither quantize");
            d.src_dtype(DType.U8.code()).dst_dtype(DType.S8.code());
            nativeRefuses(FrugalNative.frugal_quantize_create(d, null, out), "u8 (3) -> dst_dtype s8 (2)");
            d.src_dtype(42).dst_dtype(DType.F32.code());
            nativeRefuses(FrugalNative.frugal_quantize_create(d, null, out), "unknown (42)");
            d.src_dtype(DType.S8.code());
            for (float bad : new float[] {0f, -2f, Float.NaN, Float.POSITIVE_INFINITY}) {
                d.scale(bad);
                nativeRefuses(FrugalNative.frugal_quantize_create(d, null, out), "scale must be finite and positive");
            }
            d.scale(0.5f).count(-1);
            nativeRefuses(FrugalNative.frugal_quantize_create(d, null, out), "count must be >= 0, got -1");
            d.count(Long.MAX_VALUE / 2);
            nativeRefuses(FrugalNative.frugal_quantize_create(d, null, out), "overflows");
            nativeRefuses(FrugalNative.frugal_quantize_create(null, null, out), "descriptor is null");

            // Count 0: execute reads and writes nothing, so null pointers are fine.
            d.count(0);
            assertEquals(0, FrugalNative.frugal_quantize_create(d, null, out));
            h = new FrugalNative.QuantizeHandle(out.get(0));
            assertEquals(0, FrugalNative.frugal_quantize_execute(h, null, null));
            FrugalNative.frugal_quantize_destroy(h);
        }
    }

    static void nativeRefuses(int status, String... fragments) {
        assertEquals(ErrorCode.INVALID_ARGUMENT, ErrorCode.of(status));
        String message = NativeCalls.string(FrugalNative.frugal_last_error());
        for (String f : fragments) assertTrue(message.contains(f), () -> "'" + f + "' not in: " + message);
    }
}
