package io.frugal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.frugal.jni.FrugalNative;
import java.nio.LongBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * f32 <-> BIT sign packing along the last axis, bit for bit against a Java truth (bit =
 * {@code x < 0f}, a Java float compare: NaN and -0 give 0), for every kernel of the bitpack list
 * this process may use (the others skip, naming the ISA they need), plus round trips, tail bits
 * and bad input. Surefire reruns this class under each FRUGAL_MAX_ISA cap.
 */
@Tag("kernel") // rerun under every FRUGAL_MAX_ISA cap (java-bindings/pom.xml)
class BitPackTest {
    /** The bitpack list (native/src/dispatch/bitpack_list.cpp). */
    private static final List<TemplateKernel> KERNELS = TemplateKernel.of("bitpack");

    /** Around the vector widths (8, 16), the word (64) and its tails. */
    static final int[] COLS = {1, 7, 8, 31, 32, 63, 64, 65, 127, 128, 130, 512, 1000};
    /** 1000 rows of the wider column counts pass the OpenMP split (64 Ki values). */
    static final int[] ROWS = {1, 3, 1000};

    static final float[] SPECIALS = {0f, -0f, Float.NaN, -Float.NaN, Float.intBitsToFloat(0x7F800001),
        Float.intBitsToFloat(0xFFC12345), Float.intBitsToFloat(0xFF800001), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.intBitsToFloat(0x007FFFFF), Float.intBitsToFloat(0x807FFFFF),
        Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, 0.5f, -0.5f};

    // ------------------------------------------------------------------ the Java truth

    /** The packed bit: 1 (meaning -1) for x < 0, else 0; NaN compares false. */
    static long bit(float x) {
        return x < 0f ? 1 : 0;
    }

    /** sign(x) as DESIGN.md 3.1 defines it: +1 for x >= 0, -1 otherwise, NaN taken as +1. */
    static float sign(float x) {
        return x < 0f ? -1f : 1f;
    }

    static long[] pack(float[] x, int rows, int cols) {
        int words = (cols + 63) / 64;
        long[] w = new long[rows * words];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) w[r * words + j / 64] |= bit(x[r * cols + j]) << (j % 64);
        }
        return w;
    }

    /** Random bit patterns (every class: NaN, denormals, zeros), specials at both ends. */
    static float[] data(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(4) == 0 ? (float) r.nextDouble(-2, 2) : Float.intBitsToFloat(r.nextInt());
        }
        for (int i = 0; i < SPECIALS.length && i < n; i++) {
            v[i] = SPECIALS[i];
            v[n - 1 - i] = SPECIALS[SPECIALS.length - 1 - i];
        }
        return v;
    }

    /** A BIT tensor whose words (tail bits included) are all ones: kernels must clear the tails. */
    static Tensor dirtyBits(long... shape) {
        Tensor t = Tensor.allocate(DType.BIT, shape);
        LongBuffer b = t.buffer().asLongBuffer();
        while (b.hasRemaining()) b.put(-1L);
        return t;
    }

    static String hex(float x) {
        return x + " (0x" + String.format("%08X", Float.floatToRawIntBits(x)) + ")";
    }

    @Test
    void truthFollowsTheSignRule() {
        assertEquals(0, bit(0f));
        assertEquals(0, bit(-0f)); // -0.0 >= 0: +1, although its sign bit is set
        assertEquals(0, bit(Float.NaN));
        assertEquals(0, bit(Float.intBitsToFloat(0xFFC00000))); // a NaN with its sign bit set
        assertEquals(1, bit(Float.NEGATIVE_INFINITY));
        assertEquals(0, bit(Float.POSITIVE_INFINITY));
        assertEquals(1, bit(-Float.MIN_VALUE)); // negative denormal
        assertEquals(0, bit(Float.MIN_VALUE));
        assertEquals(1, bit(-1e-30f));
        assertEquals(0b110L, pack(new float[] {1f, -1f, -2f}, 1, 3)[0]);
    }

    // ------------------------------------------------------------------ kernels

    static Stream<Arguments> kernelsAndCols() {
        return KERNELS.stream().flatMap(k -> IntStream.of(COLS).mapToObj(c -> Arguments.of(k, c)));
    }

    static Stream<TemplateKernel> kernels() {
        return KERNELS.stream();
    }

    @ParameterizedTest(name = "{0} cols={1}")
    @MethodSource("kernelsAndCols")
    void packIsBitExactAndClearsTails(TemplateKernel kernel, int cols) {
        IsaSupport.assumeIsa(kernel.isa(), kernel.id());
        for (int rows : ROWS) {
            float[] src = data(rows * cols, 31L * cols + rows);
            long[] want = pack(src, rows, cols);
            try (BitPack op = BitPack.create(BitPackParams.pack(rows, cols), kernel.id());
                 Tensor x = Tensor.fromArray(src, rows, cols);
                 Tensor bits = dirtyBits(rows, cols)) {
                assertEquals(kernel.id(), op.kernel());
                op.run(x, bits);
                long[] got = bits.toPackedBits();
                int words = (cols + 63) / 64;
                for (int w = 0; w < want.length; w++) {
                    if (got[w] != want[w]) {
                        int r = w / words, j0 = (w % words) * 64;
                        long diff = got[w] ^ want[w];
                        int j = j0 + Long.numberOfTrailingZeros(diff);
                        fail(String.format("%s rows=%d cols=%d row %d word %d: got %016X, want %016X (first wrong value %s)",
                                kernel, rows, cols, r, w % words, got[w], want[w],
                                j < cols ? hex(src[r * cols + j]) : "past cols: a tail bit"));
                    }
                }
            }
        }
    }

    /**
     * frugal_bitpack_execute_mean_abs's float sum, as frugal.h defines it: 8 partial sums (sum j
     * takes |x_i| for i = j mod 8, in increasing i), then ((s0 + s1) + (s2 + s3)) + ((s4 + s5) +
     * (s6 + s7)), divided by (float) cols.
     */
    static float meanAbs(float[] x, int off, int cols) {
        float[] s = new float[8];
        for (int i = 0; i < cols; i++) s[i % 8] += Math.abs(x[off + i]);
        return (((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]))) / (float) cols;
    }

    @ParameterizedTest(name = "{0} cols={1}")
    @MethodSource("kernelsAndCols")
    void packWithMeanAbsIsExact(TemplateKernel kernel, int cols) {
        IsaSupport.assumeIsa(kernel.isa(), kernel.id());
        for (int rows : ROWS) {
            // Finite values of every magnitude class: the mean is checked against a double sum.
            SplittableRandom r = new SplittableRandom(77L * cols + rows);
            float[] src = new float[rows * cols];
            for (int i = 0; i < src.length; i++) src[i] = (float) (r.nextGaussian() * (r.nextInt(3) == 0 ? 100 : 1));
            for (int i = 0; i < Math.min(4, src.length); i++) src[i] = i % 2 == 0 ? -0f : 0f;
            try (BitPack op = BitPack.create(BitPackParams.pack(rows, cols), kernel.id());
                 Tensor x = Tensor.fromArray(src, rows, cols);
                 Tensor bits = dirtyBits(rows, cols);
                 Tensor mean = Tensor.allocate(DType.F32, rows)) {
                op.run(x, bits, mean);
                assertArrayEquals(pack(src, rows, cols), bits.toPackedBits(), kernel + " bits");
                float[] got = mean.toFloatArray();
                for (int row = 0; row < rows; row++) {
                    assertEquals(Float.floatToIntBits(meanAbs(src, row * cols, cols)), Float.floatToIntBits(got[row]),
                            kernel + " rows=" + rows + " cols=" + cols + " row " + row + ": the defined float sum");
                    double d = 0;
                    for (int j = 0; j < cols; j++) d += Math.abs((double) src[row * cols + j]);
                    d /= cols;
                    assertEquals(d, got[row], 1e-6 * d, "within 1e-6 of the double mean");
                }
            }
        }
    }

    @Test
    void meanAbsRefusesMisuse() {
        try (BitPack pack = BitPack.create(BitPackParams.pack(2, 3, 70));
             BitPack unpack = BitPack.create(BitPackParams.unpack(2, 3, 70));
             Tensor x = Tensor.allocate(DType.F32, 2, 3, 70);
             Tensor bits = Tensor.allocate(DType.BIT, 2, 3, 70);
             Tensor mean = Tensor.allocate(DType.F32, 2, 3);
             Tensor badMean = Tensor.allocate(DType.F32, 2, 3, 1);
             Tensor f32Bits = Tensor.allocate(DType.F32, 2, 3, 70)) {
            pack.run(x, bits, mean);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> unpack.run(x, bits, mean));
            assertTrue(e.getMessage().contains("unpack"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> pack.run(x, bits, badMean));
            assertTrue(e.getMessage().contains("meanAbs shape"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> pack.run(x, f32Bits, mean));
            assertTrue(e.getMessage().contains("BIT"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> pack.run(bits, bits, mean));
            assertTrue(e.getMessage().contains("F32"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} cols={1}")
    @MethodSource("kernelsAndCols")
    void unpackIsBitExactAndIgnoresTails(TemplateKernel kernel, int cols) {
        IsaSupport.assumeIsa(kernel.isa(), kernel.id());
        for (int rows : ROWS) {
            int words = (cols + 63) / 64;
            SplittableRandom r = new SplittableRandom(7L * cols + rows);
            try (BitPack op = BitPack.create(BitPackParams.unpack(rows, cols), kernel.id());
                 Tensor bits = Tensor.allocate(DType.BIT, rows, cols);
                 Tensor y = Tensor.allocate(DType.F32, rows, cols)) {
                assertEquals(kernel.id(), op.kernel());
                long[] src = new long[rows * words];
                for (int i = 0; i < src.length; i++) src[i] = r.nextLong(); // tail bits set too: ignored
                if (src.length > 2) {
                    src[0] = 0;
                    src[1] = -1L;
                }
                bits.buffer().asLongBuffer().put(src);
                op.run(bits, y);
                float[] got = y.toFloatArray();
                for (int row = 0; row < rows; row++) {
                    for (int j = 0; j < cols; j++) {
                        float want = ((src[row * words + j / 64] >>> (j % 64)) & 1) != 0 ? -1f : 1f;
                        float g = got[row * cols + j];
                        if (Float.floatToRawIntBits(g) != Float.floatToRawIntBits(want)) {
                            fail(kernel + " rows=" + rows + " cols=" + cols + " row " + row + " value " + j + ": " + g
                                    + ", want " + want);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} cols={1}")
    @MethodSource("kernelsAndCols")
    void roundTripGivesTheSign(TemplateKernel kernel, int cols) {
        IsaSupport.assumeIsa(kernel.isa(), kernel.id());
        int rows = 3;
        float[] src = data(rows * cols, 1000L + cols);
        try (BitPack p = BitPack.create(BitPackParams.pack(rows, cols), kernel.id());
             BitPack u = BitPack.create(BitPackParams.unpack(rows, cols), kernel.id());
             Tensor x = Tensor.fromArray(src, rows, cols);
             Tensor bits = p.run(x);
             Tensor back = u.run(bits)) {
            assertEquals(DType.BIT, bits.dtype());
            assertEquals(DType.F32, back.dtype());
            float[] got = back.toFloatArray();
            for (int i = 0; i < src.length; i++) {
                if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(sign(src[i]))) {
                    fail(kernel + " cols=" + cols + " value " + i + ": " + hex(src[i]) + " came back as " + got[i]);
                }
            }
        }
    }

    /** Every special value at every position of a word and of an 8- or 16-lane group. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void specialValuesAtEveryPosition(TemplateKernel kernel) {
        IsaSupport.assumeIsa(kernel.isa(), kernel.id());
        int cols = 130;
        int rows = SPECIALS.length;
        float[] src = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) src[r * cols + j] = (j + r) % 3 == 0 ? SPECIALS[r] : SPECIALS[(r + j) % rows];
        }
        try (BitPack p = BitPack.create(BitPackParams.pack(rows, cols), kernel.id());
             Tensor x = Tensor.fromArray(src, rows, cols);
             Tensor bits = p.run(x)) {
            long[] got = bits.toPackedBits(), want = pack(src, rows, cols);
            for (int w = 0; w < want.length; w++) assertEquals(want[w], got[w], kernel + " word " + w);
        }
        // -0.0 packs to 0 and NaN to 0 whatever its sign bit; -Inf and negative denormals to 1.
        float[] one = {-0f, Float.intBitsToFloat(0xFFC00000), Float.NEGATIVE_INFINITY, -Float.MIN_VALUE, 0f, Float.NaN};
        try (BitPack p = BitPack.create(BitPackParams.pack(one.length), kernel.id());
             Tensor x = Tensor.fromArray(one, one.length);
             Tensor bits = p.run(x)) {
            assertEquals(0b001100L, bits.toPackedBits()[0], kernel.id());
        }
    }

    /** Higher ranks flatten all but the last axis into rows; row slices of both sides work. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void higherRanksAndSlices(TemplateKernel kernel) {
        IsaSupport.assumeIsa(kernel.isa(), kernel.id());
        long[] shape = {2, 3, 5, 70};
        float[] src = data(2 * 3 * 5 * 70, 5);
        try (BitPack p = BitPack.create(BitPackParams.pack(shape), kernel.id());
             Tensor x = Tensor.fromArray(src, shape);
             Tensor bits = p.run(x)) {
            assertEquals(30, p.params().rows());
            assertEquals(70, p.params().cols());
            long[] got = bits.toPackedBits(), want = pack(src, 30, 70);
            for (int w = 0; w < want.length; w++) assertEquals(want[w], got[w], "word " + w);
            try (BitPack u = BitPack.create(BitPackParams.unpack(1, 3, 5, 70), kernel.id());
                 Tensor second = bits.slice(1, 2);
                 Tensor back = u.run(second)) {
                float[] b = back.toFloatArray();
                for (int i = 0; i < b.length; i++) assertEquals(sign(src[15 * 70 + i]), b[i], 0f, "value " + i);
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
        FrugalException e = assertThrows(FrugalException.class, () -> BitPack.create(BitPackParams.pack(3), kernel.id()));
        assertEquals(ErrorCode.UNSUPPORTED_ISA, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(kernel.id()) && e.getMessage().contains("needs " + kernel.isa().id()),
                e.getMessage());
    }

    /** Unpinned, the fastest kernel allowed here serves; a prefix pins too; share keeps the kernel. */
    @Test
    void defaultKernelIsTheFastestAllowed() {
        Isa eff = IsaSupport.effective();
        TemplateKernel expected = KERNELS.stream().filter(k -> k.isa().compareTo(eff) <= 0).findFirst().orElseThrow();
        try (BitPack p = BitPack.create(BitPackParams.pack(4, 100));
             BitPack u = BitPack.create(BitPackParams.unpack(4, 100));
             BitPack ref = BitPack.create(BitPackParams.pack(4, 100), "ref");
             BitPack shared = p.share()) {
            assertEquals(expected.id(), p.kernel());
            assertEquals(expected.id(), u.kernel());
            assertEquals(expected.id(), shared.kernel());
            assertEquals("ref:bitpack", ref.kernel());
            assertEquals(DType.F32, p.srcType());
            assertEquals(DType.BIT, p.dstType());
            assertEquals(DType.BIT, u.srcType());
            assertEquals(DType.F32, u.dstType());
            float[] src = data(400, 3);
            try (Tensor x = Tensor.fromArray(src, 4, 100); Tensor a = p.run(x); Tensor b = shared.run(x);
                 Tensor c = ref.run(x)) {
                long[] want = pack(src, 4, 100);
                long[] ga = a.toPackedBits(), gb = b.toPackedBits(), gc = c.toPackedBits();
                for (int w = 0; w < want.length; w++) {
                    assertEquals(want[w], ga[w], "word " + w);
                    assertEquals(want[w], gb[w], "word " + w);
                    assertEquals(want[w], gc[w], "word " + w);
                }
            }
        }
    }

    /** Empty shapes run and touch nothing. */
    @Test
    void emptyShapesRun() {
        for (long[] shape : new long[][] {{0}, {5, 0}, {0, 70}, {3, 0, 2}}) {
            try (BitPack p = BitPack.create(BitPackParams.pack(shape));
                 BitPack u = BitPack.create(BitPackParams.unpack(shape));
                 Tensor x = Tensor.allocate(DType.F32, shape);
                 Tensor bits = p.run(x);
                 Tensor back = u.run(bits)) {
                assertEquals(0, back.elementCount());
            }
        }
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void paramsRefuseBadShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BitPackParams.pack());
        assertTrue(e.getMessage().contains("bitpack: shape must have rank >= 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BitPackParams.unpack(2, -3));
        assertTrue(e.getMessage().contains("bitpack: dimension 1 must be >= 0, got -3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BitPackParams.pack(Long.MAX_VALUE / 2, 3));
        assertTrue(e.getMessage().contains("overflows"), e.getMessage());
        assertThrows(NullPointerException.class, () -> BitPackParams.pack((long[]) null));
        assertThrows(NullPointerException.class, () -> new BitPackParams(new long[] {3}, null));
        assertThrows(NullPointerException.class, () -> BitPack.create(null));
        BitPackParams p = BitPackParams.pack(2, 3, 130);
        assertEquals(6, p.rows());
        assertEquals(130, p.cols());
        assertEquals(3, p.wordsPerRow());
        assertEquals(BitPackParams.pack(2, 3), BitPackParams.pack(2, 3));
        assertNotEquals(BitPackParams.pack(2, 3), BitPackParams.unpack(2, 3));
        assertNotEquals(BitPackParams.pack(2, 3), BitPackParams.pack(3, 2));
    }

    @Test
    void runRefusesWrongTensors() {
        try (BitPack p = BitPack.create(BitPackParams.pack(2, 70));
             Tensor f = Tensor.allocate(DType.F32, 2, 70);
             Tensor fWrongShape = Tensor.allocate(DType.F32, 2, 71);
             Tensor bits = Tensor.allocate(DType.BIT, 2, 70);
             Tensor bitsWrongShape = Tensor.allocate(DType.BIT, 2, 71);
             Tensor u8 = Tensor.allocate(DType.U8, 2, 70)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.run(u8, bits));
            assertTrue(e.getMessage().contains("bitpack: src must be F32, got U8"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> p.run(fWrongShape, bits));
            assertTrue(e.getMessage().contains("src shape [2, 71] does not match [2, 70]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> p.run(f, f));
            assertTrue(e.getMessage().contains("dst must be BIT, got F32"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> p.run(f, bitsWrongShape));
            assertTrue(e.getMessage().contains("dst shape [2, 71] does not match [2, 70]"), e.getMessage());
            assertThrows(NullPointerException.class, () -> p.run(null, bits));
            p.run(f, bits); // the right tensors pass
            p.close();
            assertThrows(IllegalStateException.class, () -> p.run(f, bits));
        }
        try (BitPack u = BitPack.create(BitPackParams.unpack(6));
             Tensor f = Tensor.allocate(DType.F32, 6)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> u.run(f, f));
            assertTrue(e.getMessage().contains("bitunpack: src must be BIT, got F32"), e.getMessage());
        }
        FrugalException e = assertThrows(FrugalException.class,
                () -> BitPack.create(BitPackParams.pack(4), "avx3:bitpack"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("no kernel named 'avx3:bitpack'"), e.getMessage());
    }

    /** The C ABI checks the descriptor and the pointers itself (the Java layer never lets these through). */
    @Test
    void nativeRefusesBadDescriptors() {
        try (FrugalNative.BitPackDesc d = new FrugalNative.BitPackDesc();
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            d.rows(2).cols(70).direction(FrugalNative.FRUGAL_BITPACK_PACK);
            assertEquals(0, FrugalNative.frugal_bitpack_create(d, null, out));
            FrugalNative.BitPackHandle h = new FrugalNative.BitPackHandle(out.get(0));
            QuantizeTest.nativeRefuses(FrugalNative.frugal_bitpack_execute(h, null, null), "bitpack_execute: src is null");
            try (Tensor f = Tensor.allocate(DType.F32, 2, 70); Tensor bits = Tensor.allocate(DType.BIT, 2, 70);
                 Tensor big = Tensor.allocate(DType.F32, 200)) {
                QuantizeTest.nativeRefuses(FrugalNative.frugal_bitpack_execute(h, f.memory(), null),
                        "bitpack_execute: dst is null");
                QuantizeTest.nativeRefuses(FrugalNative.frugal_bitpack_execute(h, f.memory(),
                        new BytePointer(bits.memory()).position(4)), "8-byte aligned");
                QuantizeTest.nativeRefuses(FrugalNative.frugal_bitpack_execute(h, big.memory(),
                        new BytePointer(big.memory()).position(64)), "overlap");
                assertEquals(0, FrugalNative.frugal_bitpack_execute(h, f.memory(), bits.memory()));
            }
            FrugalNative.frugal_bitpack_destroy(h);

            d.direction(2);
            QuantizeTest.nativeRefuses(FrugalNative.frugal_bitpack_create(d, null, out), "direction must be", "got 2");
            d.direction(FrugalNative.FRUGAL_BITPACK_UNPACK).rows(-1);
            QuantizeTest.nativeRefuses(FrugalNative.frugal_bitpack_create(d, null, out), "rows and cols must be >= 0");
            d.rows(2).cols(-5);
            QuantizeTest.nativeRefuses(FrugalNative.frugal_bitpack_create(d, null, out), "cols -5");
            d.rows(Long.MAX_VALUE / 2).cols(3);
            QuantizeTest.nativeRefuses(FrugalNative.frugal_bitpack_create(d, null, out), "overflows");
            QuantizeTest.nativeRefuses(FrugalNative.frugal_bitpack_create(null, null, out), "descriptor is null");

            // An empty matrix: execute reads and writes nothing, so null pointers are fine.
            d.rows(0).cols(70);
            assertEquals(0, FrugalNative.frugal_bitpack_create(d, null, out));
            h = new FrugalNative.BitPackHandle(out.get(0));
            assertEquals(0, FrugalNative.frugal_bitpack_execute(h, null, null));
            FrugalNative.frugal_bitpack_destroy(h);
        }
    }
}
