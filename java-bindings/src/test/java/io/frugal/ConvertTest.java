package io.frugal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * f32 <-> bf16 conversion, bit for bit against a Java reference, for every kernel of the convert
 * list that this process may use (the others skip, naming the ISA they need). Surefire reruns
 * this class under each FRUGAL_MAX_ISA cap.
 */
@Tag("kernel") // rerun under every FRUGAL_MAX_ISA cap (java-bindings/pom.xml)
class ConvertTest {
    /** The convert list (native/src/dispatch/convert_list.cpp). */
    private static final List<TemplateKernel> KERNELS = TemplateKernel.of("convert");

    /** Lengths around every vector width (8, 16) and the OpenMP split (64 Ki elements per thread). */
    static final int[] LENGTHS = {0, 1, 15, 16, 17, 33, 1000003};

    // ------------------------------------------------------------------ the Java reference

    /**
     * f32 to bf16, IEEE round to nearest, ties to even, computed from the values rather than the
     * bit trick the kernels use: of the two bf16 neighbours of |x| (truncation and the next
     * encoding up, that after the largest finite being infinity at 2^128) take the nearer, on a
     * tie the one with an even encoding. NaN keeps its sign and top payload and is made quiet.
     */
    static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        if (Float.isNaN(f)) return (short) ((bits >>> 16) | 0x0040);
        if (Float.isInfinite(f)) return (short) (sign | 0x7F80);
        int lo = (bits & 0x7FFFFFFF) >>> 16; // truncation toward zero
        int hi = lo + 1;
        double x = Math.abs((double) f);
        double below = bf16Magnitude(lo), above = bf16Magnitude(hi);
        double dBelow = x - below, dAbove = above - x; // exact: all three fit in 53 bits
        int pick = dBelow < dAbove ? lo : dBelow > dAbove ? hi : (lo & 1) == 0 ? lo : hi;
        return (short) (sign | pick);
    }

    /** The value of a non-negative bf16 encoding; 0x7F80 (infinity) counts as 2^128. */
    private static double bf16Magnitude(int enc) {
        if (enc == 0x7F80) return Math.scalb(1.0, 128);
        return Float.intBitsToFloat(enc << 16);
    }

    /** bf16 to f32 is exact: the 16 bits become the high half. */
    static float fromBf16(short b) {
        return Float.intBitsToFloat((b & 0xFFFF) << 16);
    }

    /** The specials and rounding edges, as f32 bit patterns. */
    static final int[] SPECIALS = {
        0x00000000, 0x80000000, // +-0
        0x7F800000, 0xFF800000, // +-inf
        0x7FC00000, 0xFFC00000, 0x7FC12345, // quiet NaNs
        0x7F800001, 0xFF800001, 0x7F80FFFF, 0x7FBF0000, // signalling NaNs, payload low or high
        0x00000001, 0x80000001, 0x00007FFF, 0x00008000, 0x00008001, 0x00018000, // denormals, ties
        0x007FFFFF, 0x807FFFFF, 0x007F8000, 0x00800000, // largest denormal, rounding up to normal
        0x3F808000, 0x3F818000, 0x3F808001, 0x3F807FFF, // 1 + half an ulp: ties to even both ways
        0xBF808000, 0xBF818000, // negative ties
        0x3F800000, 0x40490FDB, 0xC0490FDB, // 1, +-pi
        0x7F7F0000, 0x7F7F7FFF, 0x7F7F8000, 0x7F7FFFFF, // largest bf16; tie and above round to inf
        0xFF7F8000, 0xFF7FFFFF, // the same, negative
        0x7F7EFFFF, 0x7F7E8000, // below the largest: a tie to even staying finite
    };

    static float[] specials() {
        float[] v = new float[SPECIALS.length];
        for (int i = 0; i < v.length; i++) v[i] = Float.intBitsToFloat(SPECIALS[i]);
        return v;
    }

    /** Random bit patterns (every class of f32, NaNs included) with the specials at both ends. */
    static float[] data(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = Float.intBitsToFloat(r.nextInt());
        float[] s = specials();
        for (int i = 0; i < s.length && i < n; i++) {
            v[i] = s[i];
            v[n - 1 - i] = s[s.length - 1 - i];
        }
        return v;
    }

    // ------------------------------------------------------------------ the reference itself

    /** The reference on hand-checked values, so that its agreement with the kernels means something. */
    @Test
    void referenceRoundsAsIeeeSays() {
        assertEquals((short) 0x3F80, toBf16(1.0f));
        assertEquals((short) 0x3F80, toBf16(Float.intBitsToFloat(0x3F808000))); // tie, even below
        assertEquals((short) 0x3F82, toBf16(Float.intBitsToFloat(0x3F818000))); // tie, even above
        assertEquals((short) 0x3F81, toBf16(Float.intBitsToFloat(0x3F808001))); // just above the tie
        assertEquals((short) 0x7F80, toBf16(Float.intBitsToFloat(0x7F7F8000))); // overflows to inf
        assertEquals((short) 0x7F7F, toBf16(Float.intBitsToFloat(0x7F7F7FFF))); // stays finite
        assertEquals((short) 0x0000, toBf16(Float.intBitsToFloat(0x00008000))); // denormal tie to +0
        assertEquals((short) 0x0001, toBf16(Float.intBitsToFloat(0x00008001)));
        assertEquals((short) 0x0080, toBf16(Float.intBitsToFloat(0x007FFFFF))); // to the smallest normal
        assertEquals((short) 0x8000, toBf16(-0.0f));
        assertEquals((short) 0x7FC0, toBf16(Float.intBitsToFloat(0x7F800001))); // signalling NaN: quiet, not inf
        assertEquals((short) 0xFFC0, toBf16(Float.intBitsToFloat(0xFF800001)));
        // A second, arithmetic oracle: a bf16 keeps 8 significant bits, so rounding is rint()
        // (ties to even) on multiples of the bf16 spacing at x, 2^(exponent - 7), with the
        // exponent floored at the smallest normal's for denormals.
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 200_000; i++) {
            float f = Float.intBitsToFloat(r.nextInt());
            if (!Float.isFinite(f) || Math.abs(f) >= Float.intBitsToFloat(0x7F7F8000)) continue;
            double q = Math.scalb(1.0, Math.max(Math.getExponent(f), Float.MIN_EXPONENT) - 7);
            double want = Math.rint(f / q) * q;
            double got = fromBf16(toBf16(f));
            assertEquals(want, got, 0.0, () -> "f32 0x" + Integer.toHexString(Float.floatToRawIntBits(f)));
        }
    }

    // ------------------------------------------------------------------ kernels

    static Stream<Arguments> kernelsAndLengths() {
        return KERNELS.stream().flatMap(k -> IntStream.of(LENGTHS).mapToObj(n -> Arguments.of(k, n)));
    }

    static Stream<TemplateKernel> kernels() {
        return KERNELS.stream();
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("kernelsAndLengths")
    void f32ToBf16IsBitExact(TemplateKernel kernel, int n) {
        IsaSupport.assumeIsa(kernel.isa(), kernel.id());
        float[] src = data(n, 31L * n + 7);
        try (Tensor f = Tensor.fromArray(src, n);
             Tensor b = Tensor.allocate(DType.BF16, n)) {
            f.convertInto(b, kernel.id());
            short[] got = b.toBf16Bits();
            for (int i = 0; i < n; i++) {
                short want = toBf16(src[i]);
                if (got[i] != want) {
                    fail(String.format("%s, n=%d, element %d: f32 0x%08X -> bf16 0x%04X, want 0x%04X", kernel, n, i,
                            Float.floatToRawIntBits(src[i]), got[i] & 0xFFFF, want & 0xFFFF));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("kernelsAndLengths")
    void bf16ToF32IsExact(TemplateKernel kernel, int n) {
        IsaSupport.assumeIsa(kernel.isa(), kernel.id());
        short[] src = new short[n];
        // Every one of the 65536 encodings (NaNs with their payloads too), cycled over n.
        for (int i = 0; i < n; i++) src[i] = (short) (i * 40503); // odd multiplier: a permutation mod 2^16
        try (Tensor b = Tensor.fromBf16Bits(src, n);
             Tensor f = Tensor.allocate(DType.F32, n)) {
            b.convertInto(f, kernel.id());
            float[] got = f.toFloatArray();
            for (int i = 0; i < n; i++) {
                int want = (src[i] & 0xFFFF) << 16;
                if (Float.floatToRawIntBits(got[i]) != want) {
                    fail(String.format("%s, n=%d, element %d: bf16 0x%04X -> f32 0x%08X, want 0x%08X", kernel, n, i,
                            src[i] & 0xFFFF, Float.floatToRawIntBits(got[i]), want));
                }
            }
        }
    }

    /** Every bf16 encoding goes bf16 -> f32 -> bf16 as the reference says: unchanged, but signalling NaNs come back quiet. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void everyBf16RoundTrips(TemplateKernel kernel) {
        IsaSupport.assumeIsa(kernel.isa(), kernel.id());
        short[] all = new short[65536];
        for (int i = 0; i < all.length; i++) all[i] = (short) i;
        try (Tensor b = Tensor.fromBf16Bits(all, 256, 256);
             Tensor f = Tensor.allocate(DType.F32, 256, 256);
             Tensor back = Tensor.allocate(DType.BF16, 256, 256)) {
            b.convertInto(f, kernel.id());
            f.convertInto(back, kernel.id());
            short[] got = back.toBf16Bits();
            for (int i = 0; i < all.length; i++) {
                short want = toBf16(fromBf16(all[i]));
                if (got[i] != want) fail(String.format("%s: 0x%04X came back as 0x%04X", kernel, i, got[i] & 0xFFFF));
            }
        }
    }

    /** Slices start at any element, so kernels see unaligned heads as well as tails. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void unalignedSlicesConvertLikeTheWhole(TemplateKernel kernel) {
        IsaSupport.assumeIsa(kernel.isa(), kernel.id());
        int n = 200;
        float[] src = data(n, 99);
        try (Tensor all = Tensor.fromArray(src, n)) {
            for (int start = 0; start < 20; start++) {
                int end = n - (start * 7) % 19;
                try (Tensor part = all.slice(start, end);
                     Tensor out = Tensor.allocate(DType.BF16, end - start)) {
                    part.convertInto(out, kernel.id());
                    short[] got = out.toBf16Bits();
                    for (int i = 0; i < got.length; i++) {
                        assertEquals(toBf16(src[start + i]), got[i], kernel + " slice [" + start + ", " + end + ") element " + i);
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
        try (Tensor f = Tensor.fromArray(new float[] {1, 2, 3}, 3);
             Tensor b = Tensor.allocate(DType.BF16, 3)) {
            FrugalException e = assertThrows(FrugalException.class, () -> f.convertInto(b, kernel.id()));
            assertEquals(ErrorCode.UNSUPPORTED_ISA, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains(kernel.id()) && e.getMessage().contains("needs " + kernel.isa().id()),
                    e.getMessage());
        }
    }

    /** Unpinned, the fastest kernel allowed here serves, and Tensor.convert uses it. */
    @Test
    void defaultKernelIsTheFastestAllowed() {
        Isa eff = IsaSupport.effective();
        TemplateKernel expected = KERNELS.stream().filter(k -> k.isa().compareTo(eff) <= 0).findFirst().orElseThrow();
        assertEquals(expected.id(), Frugal.convertKernel(DType.F32, DType.BF16));
        assertEquals(expected.id(), Frugal.convertKernel(DType.BF16, DType.F32));
        float[] src = data(1000, 5);
        try (Tensor f = Tensor.fromArray(src, 10, 100);
             Tensor b = f.convert(DType.BF16);
             Tensor back = b.convert(DType.F32)) {
            assertEquals(DType.BF16, b.dtype());
            short[] bits = b.toBf16Bits();
            float[] again = back.toFloatArray();
            for (int i = 0; i < src.length; i++) {
                assertEquals(toBf16(src[i]), bits[i], "element " + i);
                assertEquals(Float.floatToRawIntBits(fromBf16(bits[i])), Float.floatToRawIntBits(again[i]), "element " + i);
            }
        }
    }
}
