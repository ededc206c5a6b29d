package io.frugal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frugal.jni.FrugalNative;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Wrong arguments never reach native code unchecked and never crash the JVM: each gives one
 * exception whose message names what was wrong. The message fragments asserted here are the
 * parts a user needs (the argument, the values), not whole sentences.
 */
class BadInputTest {
    /** 4 -> 4 channels, 5x5, 3x3 kernel, padding 1: input and output shapes are both [1, 4, 5, 5]. */
    private static final Conv2dParams SAME = Conv2dParams.builder().input(4, 5, 5).outChannels(4).kernel(3, 3)
            .padding(1).build();
    private static final MatMulParams MM = MatMulParams.of(3, 4, 4); // src and dst [1, 3, 4]

    private Tensor weights;
    private Tensor bias;
    private Conv2d conv;
    private Tensor src;
    private Tensor dst;

    @BeforeEach
    void setUp() {
        weights = Tensor.fromArray(Reference.uniform(1, 4 * 4 * 9), SAME.weightShape());
        bias = Tensor.allocate(DType.F32, 4);
        conv = Conv2d.create(SAME, weights, bias);
        src = Tensor.allocate(DType.F32, SAME.inputShape());
        dst = Tensor.allocate(DType.F32, SAME.outputShape());
    }

    @AfterEach
    void tearDown() {
        for (AutoCloseable c : new AutoCloseable[] {conv, weights, bias, src, dst}) {
            try {
                c.close();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The exception thrown, of type, with every fragment in its message. */
    private static <T extends Throwable> T fails(Class<T> type, Executable call, String... fragments) {
        T e = assertThrows(type, call);
        String m = e.getMessage();
        for (String f : fragments) {
            assertTrue(m != null && m.contains(f), () -> "message '" + m + "' does not mention '" + f + "'");
        }
        return e;
    }

    // ------------------------------------------------------------------ null

    @Test
    void nullArgumentsAreNamed() {
        fails(NullPointerException.class, () -> Conv2d.create(null, weights, bias), "params");
        fails(NullPointerException.class, () -> Conv2d.create(SAME, null, bias), "weights");
        fails(NullPointerException.class, () -> conv.run(null, dst), "src");
        fails(NullPointerException.class, () -> conv.run(src, null), "dst");
        fails(NullPointerException.class, () -> conv.run(null), "src");
        fails(NullPointerException.class, () -> MatMul.create(null, weights, null), "params");
        fails(NullPointerException.class, () -> MatMul.create(MM, null, null), "weights");
        fails(NullPointerException.class, () -> Tensor.fromArray((float[]) null, 2), "data");
        fails(NullPointerException.class, () -> Tensor.fromArray((int[]) null, 2), "data");
        fails(NullPointerException.class, () -> Tensor.fromBf16Bits(null, 2), "bits");
        fails(NullPointerException.class, () -> Tensor.fromPackedBits(null, 2), "words");
        fails(NullPointerException.class, () -> Tensor.allocate(null, 2), "dtype");
        fails(NullPointerException.class, () -> Tensor.allocate(DType.F32, (long[]) null), "shape");
        fails(NullPointerException.class, () -> src.convertInto(null, null), "dst");
        fails(NullPointerException.class, () -> src.convert(null), "dtype");
        fails(NullPointerException.class, () -> Conv2dParams.builder().input(1, 1, 1).outChannels(1).kernel(1, 1)
                .layout(null).build(), "layout");
        fails(NullPointerException.class, () -> Conv2dParams.builder().input(1, 1, 1).outChannels(1).kernel(1, 1)
                .activation(null).build(), "activation");
        fails(NullPointerException.class, () -> new Activation(null, 0, 0), "kind");
        fails(NullPointerException.class, () -> BatchMatMulParams.of(null, new long[] {2}), "batch_matmul", "a shape");
        fails(NullPointerException.class, () -> ReduceParams.of(ReduceParams.Kind.SUM, null), "reduce", "shape");
    }

    // ------------------------------------------------------------------ closed objects

    @Test
    void closedTensorsAreRefused() {
        Tensor closed = Tensor.allocate(DType.F32, SAME.inputShape());
        closed.close();
        fails(IllegalStateException.class, () -> conv.run(closed, dst), "closed");
        fails(IllegalStateException.class, () -> conv.run(src, closed.view(SAME.outputShape())), "closed");
        fails(IllegalStateException.class, closed::toFloatArray, "closed");
        fails(IllegalStateException.class, () -> closed.copyFrom(new float[100]), "closed");
        Tensor closedWeights = Tensor.allocate(DType.F32, SAME.weightShape());
        closedWeights.close();
        fails(IllegalStateException.class, () -> Conv2d.create(SAME, closedWeights, null), "closed");
        Tensor closedBias = Tensor.allocate(DType.F32, 4);
        closedBias.close();
        fails(IllegalStateException.class, () -> Conv2d.create(SAME, weights, closedBias), "closed");
    }

    @Test
    void closedOperatorsAreRefused() {
        Conv2d c = Conv2d.create(SAME, weights, null, "ref");
        c.close();
        c.close(); // idempotent
        assertTrue(c.isClosed());
        fails(IllegalStateException.class, () -> c.run(src, dst), "closed conv2d");
        fails(IllegalStateException.class, () -> c.run(src), "closed conv2d");
        fails(IllegalStateException.class, c::share, "closed conv2d");
        try (Tensor w = Tensor.allocate(DType.F32, 4, 4)) {
            MatMul m = MatMul.create(MM, w, null);
            m.close();
            try (Tensor x = Tensor.allocate(DType.F32, MM.inputShape())) {
                fails(IllegalStateException.class, () -> m.run(x), "closed matmul");
            }
        }
    }

    // ------------------------------------------------------------------ dimensions

    @Test
    void negativeDimensionsAreRefused() {
        fails(IllegalArgumentException.class, () -> Tensor.allocate(DType.F32, 2, -1), "negative", "[2, -1]");
        fails(IllegalArgumentException.class, () -> Tensor.fromArray(new float[0], -1), "negative");
        fails(IllegalArgumentException.class, () -> Conv2dParams.builder().input(-3, 5, 5).outChannels(4).kernel(3, 3)
                .build(), "inChannels", "-3");
        fails(IllegalArgumentException.class, () -> Conv2dParams.builder().input(3, 5, 5).outChannels(4).kernel(3, 3)
                .padding(0, -1, 0, 0).build(), "padLeft", "-1");
        fails(IllegalArgumentException.class, () -> Conv2dParams.builder().input(3, 5, 5).outChannels(4).kernel(3, 3)
                .stride(0).build(), "strideH", "0");
        fails(IllegalArgumentException.class, () -> Conv2dParams.builder().input(3, 5, 5).outChannels(4).kernel(3, 3)
                .dilation(1, 0).build(), "dilationW");
        fails(IllegalArgumentException.class, () -> new MatMulParams(1, 3, -4, 5, false, Activation.none()), "-4");
        fails(IllegalArgumentException.class, () -> MatMulParams.of(0, 4, 5), "positive");
        fails(IllegalArgumentException.class, () -> BatchMatMulParams.of(new long[] {3, -4}, new long[] {-4}), "a shape",
                "dimension 1", "-4");
        fails(IllegalArgumentException.class, () -> ReduceParams.of(ReduceParams.Kind.MEAN, new long[] {-1}), "reduce",
                "dimension 0", "-1");
    }

    @Test
    void overflowingDimensionsAreRefused() {
        long huge = Long.MAX_VALUE / 2;
        fails(IllegalArgumentException.class, () -> Tensor.allocate(DType.F32, huge, 4), "overflows");
        fails(IllegalArgumentException.class, () -> Tensor.allocate(DType.F32, huge), "overflows");
        fails(IllegalArgumentException.class, () -> Tensor.allocate(DType.BIT, huge, huge), "overflows");
        fails(IllegalArgumentException.class, () -> Conv2dParams.builder().input(huge, huge, 5).outChannels(4)
                .kernel(3, 3).build(), "overflow");
        fails(IllegalArgumentException.class, () -> Conv2dParams.builder().input(3, 5, 5).outChannels(4).kernel(3, 3)
                .padding(huge, 0, huge, 0).build(), "overflow");
        fails(IllegalArgumentException.class, () -> Conv2dParams.builder().input(3, 5, 5).outChannels(4).kernel(3, 3)
                .padding(1).dilation(huge + 1).build(), "overflow"); // (k - 1) * 2^62 = 2^63
        fails(IllegalArgumentException.class, () -> new MatMulParams(huge, huge, 4, 4, false, Activation.none()),
                "overflow");
        fails(IllegalArgumentException.class, () -> MatMulParams.of(3, huge, huge), "overflow");
        fails(IllegalArgumentException.class, () -> BatchMatMulParams.of(new long[] {huge, 1}, new long[] {1, 1}), "overflow");
        fails(IllegalArgumentException.class, () -> ReduceParams.of(ReduceParams.Kind.SUM, new long[] {huge, huge}),
                "overflow");
    }

    /**
     * The C ABI is public: what Java refuses first, the native side refuses too, with
     * INVALID_ARGUMENT and a message, instead of reading past a descriptor's arrays.
     */
    @Test
    void nativeValidationRefusesBadDescriptorsOnItsOwn() {
        try (FrugalNative.BatchMatmulDesc d = new FrugalNative.BatchMatmulDesc();
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            int[] rank = new int[1];
            long[] dims = new long[FrugalNative.FRUGAL_MAX_RANK];
            d.a_rank(1).a_dims(0, 7).b_rank(1).b_dims(0, 7);
            assertEquals(0, FrugalNative.frugal_batch_matmul_out_shape(d, rank, dims));
            assertEquals(0, rank[0]); // numpy: a vector dot a vector is a scalar
            d.b_rank(2).b_dims(0, 7).b_dims(1, 5);
            assertEquals(0, FrugalNative.frugal_batch_matmul_out_shape(d, rank, dims));
            assertEquals(1, rank[0]);
            assertEquals(5, dims[0]);
            d.b_dims(0, 6); // K 7 vs 6
            nativeRefuses(FrugalNative.frugal_batch_matmul_create(d, null, out), "does not match");
            d.a_rank(0);
            nativeRefuses(FrugalNative.frugal_batch_matmul_create(d, null, out), "ranks 0 and 2");
            d.a_rank(FrugalNative.FRUGAL_MAX_RANK + 1);
            nativeRefuses(FrugalNative.frugal_batch_matmul_out_shape(d, rank, dims), "ranks 7 and 2");
            d.a_rank(3).a_dims(0, 2).a_dims(1, 4).a_dims(2, 6).b_rank(3).b_dims(0, 3).b_dims(1, 6).b_dims(2, 5);
            nativeRefuses(FrugalNative.frugal_batch_matmul_create(d, null, out), "do not broadcast");
            d.b_dims(0, -3);
            nativeRefuses(FrugalNative.frugal_batch_matmul_create(d, null, out), "b dimension 0", "-3");
        }
        try (FrugalNative.ReduceDesc d = new FrugalNative.ReduceDesc();
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            int[] rank = new int[1];
            long[] dims = new long[FrugalNative.FRUGAL_MAX_RANK];
            d.kind(0).rank(2).dims(0, 3).dims(1, 4).axes_mask(0); // 0: every axis
            assertEquals(0, FrugalNative.frugal_reduce_out_shape(d, rank, dims));
            assertEquals(2, rank[0]);
            assertArrayEquals(new long[] {1, 1}, java.util.Arrays.copyOf(dims, 2));
            d.axes_mask(0b100);
            nativeRefuses(FrugalNative.frugal_reduce_create(d, null, out), "axes_mask 0x4", "[0, 2)");
            d.axes_mask(-1);
            nativeRefuses(FrugalNative.frugal_reduce_create(d, null, out), "axes_mask");
            d.axes_mask(1).kind(7);
            nativeRefuses(FrugalNative.frugal_reduce_create(d, null, out), "unknown kind 7");
            d.kind(0).rank(7);
            nativeRefuses(FrugalNative.frugal_reduce_create(d, null, out), "rank 7");
        }
        try (FrugalNative.EltwiseDesc d = new FrugalNative.EltwiseDesc();
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            d.count(4).activation().kind(Activation.Kind.POW.ordinal()).alpha(Float.POSITIVE_INFINITY);
            nativeRefuses(FrugalNative.frugal_eltwise_create(d, null, out), "pow", "finite");
            d.activation().kind(Activation.Kind.NEG.ordinal() + 1).alpha(0);
            nativeRefuses(FrugalNative.frugal_eltwise_create(d, null, out), "unknown activation kind 12");
        }
    }

    private static void nativeRefuses(int status, String... fragments) {
        assertEquals(ErrorCode.INVALID_ARGUMENT, ErrorCode.of(status));
        String m = FrugalNative.frugal_last_error().getString();
        for (String f : fragments) assertTrue(m.contains(f), () -> "message '" + m + "' does not mention '" + f + "'");
    }

    @Test
    void anAllocationTooLargeForMemoryIsOutOfMemoryNotACrash() {
        // 2^62 bytes: representable, but more than any machine has.
        FrugalException e = fails(FrugalException.class, () -> Tensor.allocate(DType.U8, 1L << 62), "cannot allocate");
        assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
    }

    // ------------------------------------------------------------------ shapes and dtypes

    @Test
    void shapeMismatchesNameTheOperandAndBothShapes() {
        try (Tensor wrongSrc = Tensor.allocate(DType.F32, 1, 4, 5, 6);
             Tensor wrongDst = Tensor.allocate(DType.F32, 1, 4, 4, 4);
             Tensor wrongWeights = Tensor.allocate(DType.F32, 4, 4, 3, 2);
             Tensor wrongBias = Tensor.allocate(DType.F32, 5)) {
            fails(IllegalArgumentException.class, () -> conv.run(wrongSrc, dst), "src shape", "[1, 4, 5, 6]",
                    "[1, 4, 5, 5]");
            fails(IllegalArgumentException.class, () -> conv.run(src, wrongDst), "dst shape", "[1, 4, 4, 4]");
            fails(IllegalArgumentException.class, () -> Conv2d.create(SAME, wrongWeights, null), "weights shape",
                    "[4, 4, 3, 2]", "[4, 4, 3, 3]");
            fails(IllegalArgumentException.class, () -> Conv2d.create(SAME, weights, wrongBias), "bias shape", "[5]",
                    "[4]");
            // The same elements in another order is still the wrong shape (NHWC data to an NCHW conv).
            try (Tensor nhwc = Tensor.allocate(DType.F32, 1, 5, 5, 4)) {
                fails(IllegalArgumentException.class, () -> conv.run(nhwc, dst), "src shape", "[1, 5, 5, 4]");
            }
        }
        try (Tensor w = Tensor.allocate(DType.F32, 4, 5);
             Tensor wOk = Tensor.allocate(DType.F32, 4, 4);
             Tensor b = Tensor.allocate(DType.F32, 3);
             MatMul mm = MatMul.create(MM, wOk, null);
             Tensor x = Tensor.allocate(DType.F32, 1, 3, 5)) {
            fails(IllegalArgumentException.class, () -> MatMul.create(MM, w, null), "weights shape", "[4, 5]");
            fails(IllegalArgumentException.class, () -> MatMul.create(MM, wOk, b), "bias shape", "[3]");
            fails(IllegalArgumentException.class, () -> mm.run(x), "matmul", "src shape", "[1, 3, 5]", "[1, 3, 4]");
        }
        fails(IllegalArgumentException.class, () -> Tensor.fromArray(new float[5], 2, 3), "6 elements", "has 5");
        fails(IllegalArgumentException.class, () -> src.view(3, 3), "cannot view");
        fails(IllegalArgumentException.class, () -> src.slice(0, 2), "slice [0, 2)", "length 1");
        fails(IllegalArgumentException.class, () -> src.copyFrom(new float[3]), "100 elements", "3");
        try (Tensor bf = Tensor.allocate(DType.BF16, 2, 50)) {
            fails(IllegalArgumentException.class, () -> src.convertInto(bf, null), "shapes differ");
        }
    }

    @Test
    void dtypeMismatchesNameTheOperandAndDtype() {
        try (Tensor s8 = Tensor.allocate(DType.S8, SAME.inputShape());
             Tensor bfDst = Tensor.allocate(DType.BF16, SAME.outputShape());
             Tensor bfWeights = Tensor.allocate(DType.BF16, SAME.weightShape());
             Tensor s32Bias = Tensor.allocate(DType.S32, 4)) {
            fails(IllegalArgumentException.class, () -> conv.run(s8, dst), "src must be F32", "S8");
            fails(IllegalArgumentException.class, () -> conv.run(src, bfDst), "dst must be F32", "BF16");
            fails(IllegalArgumentException.class, () -> Conv2d.create(SAME, bfWeights, null), "weights must be F32",
                    "BF16");
            fails(IllegalArgumentException.class, () -> Conv2d.create(SAME, weights, s32Bias), "bias must be F32", "S32");
            fails(IllegalArgumentException.class, s8::toFloatArray, "F32", "S8");
            fails(IllegalArgumentException.class, src::toIntArray, "S32", "F32");
            fails(IllegalArgumentException.class, src::toByteArray, "S8 or U8", "F32");
            fails(IllegalArgumentException.class, () -> Tensor.fromArray(new byte[2], DType.F32, 2), "S8 or U8");
            // Conversions exist only between F32 and BF16; the native message names the pair.
            FrugalException e = fails(FrugalException.class, () -> s8.convert(DType.BF16), "s8", "bf16");
            assertEquals(ErrorCode.UNIMPLEMENTED, e.code());
            try (Tensor f = Tensor.allocate(DType.F32, SAME.inputShape())) {
                e = fails(FrugalException.class, () -> src.convertInto(f, null), "both f32");
                assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            }
        }
    }

    // ------------------------------------------------------------------ problems that cannot be

    @Test
    void groupsMustDivideChannels() {
        fails(IllegalArgumentException.class, () -> Conv2dParams.builder().input(6, 5, 5).outChannels(8).kernel(3, 3)
                .groups(4).build(), "groups 4", "6", "8");
        fails(IllegalArgumentException.class, () -> Conv2dParams.builder().input(8, 5, 5).outChannels(6).kernel(3, 3)
                .groups(4).build(), "groups 4");
    }

    @Test
    void kernelLargerThanThePaddedInputIsRefused() {
        fails(IllegalArgumentException.class, () -> Conv2dParams.builder().input(3, 4, 4).outChannels(4).kernel(5, 5)
                .build(), "5x5", "4x4");
        fails(IllegalArgumentException.class, () -> Conv2dParams.builder().input(3, 4, 4).outChannels(4).kernel(3, 3)
                .dilation(3).padding(1).build(), "dilation 3x3", "6x6");
        // One row of padding makes it fit: not an error.
        Conv2dParams fits = Conv2dParams.builder().input(3, 4, 4).outChannels(4).kernel(5, 5).padding(1, 0, 0, 1).build();
        assertEquals(1, fits.outH() * fits.outW());
    }

    @Test
    void srcAndDstMustNotOverlap() {
        // SAME's input and output shapes are equal, so only the overlap check can object.
        fails(IllegalArgumentException.class, () -> conv.run(src, src), "overlap");
        try (Tensor v = src.view(SAME.outputShape())) {
            fails(IllegalArgumentException.class, () -> conv.run(src, v), "overlap");
        }
        try (Tensor both = Tensor.allocate(DType.F32, 2, 4, 5, 5);
             Tensor first = both.slice(0, 1);
             Tensor second = both.slice(1, 2);
             Tensor flat = both.view(200);
             Tensor middle = flat.slice(50, 150);
             Tensor straddle = middle.view(1, 4, 5, 5)) {
            conv.run(first, second); // adjacent, not overlapping: fine
            fails(IllegalArgumentException.class, () -> conv.run(first, straddle), "overlap");
        }
        try (Tensor w = Tensor.allocate(DType.F32, 4, 4);
             MatMul mm = MatMul.create(MM, w, null);
             Tensor x = Tensor.allocate(DType.F32, MM.inputShape())) {
            fails(IllegalArgumentException.class, () -> mm.run(x, x), "matmul", "overlap");
        }
    }

    // ------------------------------------------------------------------ kernels by name

    @Test
    void unknownKernelNamesListTheAvailableOnes() {
        FrugalException e = fails(FrugalException.class, () -> Conv2d.create(SAME, weights, bias, "winograd"),
                "winograd", "onednn", "ref:direct");
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        // A prefix must end at a ':' boundary: "re" is not "ref".
        e = fails(FrugalException.class, () -> Conv2d.create(SAME, weights, bias, "re"), "'re'", "ref:direct");
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        try (Tensor w = Tensor.allocate(DType.F32, 4, 4)) {
            e = fails(FrugalException.class, () -> MatMul.create(MM, w, null, "cublas"), "cublas", "onednn",
                    "ref:direct");
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        }
        try (Tensor bf = Tensor.allocate(DType.BF16, SAME.inputShape())) {
            e = fails(FrugalException.class, () -> src.convertInto(bf, "neon:convert"), "neon:convert",
                    "avx512:convert", "avx2:convert", "ref:convert");
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        }
    }

    @Test
    void theReportedKernelNamePinsThatKernelAndNoOther() {
        // What kernel() reports can be fed back to pin the same implementation...
        try (Conv2d again = Conv2d.create(SAME, weights, bias, conv.kernel())) {
            assertEquals(conv.kernel(), again.kernel());
        }
        // ...and a pin naming an implementation the backend does not choose is refused, not ignored.
        FrugalException e = fails(FrugalException.class,
                () -> Conv2d.create(SAME, weights, bias, "onednn:no_such_impl"), "onednn:no_such_impl", "not the pinned");
        assertEquals(ErrorCode.UNIMPLEMENTED, e.code());
    }

    @Test
    void aKernelNeedingAnIsaThisProcessLacksIsRefusedOrRuns() {
        try (Tensor f = Tensor.fromArray(new float[] {1f, 1.00390625f, -2.5f}, 3);
             Tensor b = Tensor.allocate(DType.BF16, 3)) {
            if (IsaSupport.effective().compareTo(Isa.AVX512) < 0) {
                FrugalException e = fails(FrugalException.class, () -> f.convertInto(b, "avx512:convert"),
                        "avx512:convert", "needs avx512", IsaSupport.effective().id());
                assertEquals(ErrorCode.UNSUPPORTED_ISA, e.code());
                assertArrayEquals(new short[3], b.toBf16Bits(), "a refused kernel wrote nothing");
            } else {
                f.convertInto(b, "avx512:convert");
                assertArrayEquals(new short[] {0x3F80, 0x3F80, (short) 0xC020}, b.toBf16Bits());
            }
        }
    }

    // ------------------------------------------------------------------ activation and BIT

    @Test
    void clipWithMinAboveMaxIsRefused() {
        fails(IllegalArgumentException.class, () -> Activation.clip(1f, 0f), "clip min 1.0", "max 0.0");
        fails(IllegalArgumentException.class, () -> Activation.hardSigmoid(Float.NaN, 0.5f), "NaN");
        fails(IllegalArgumentException.class, () -> Activation.leakyRelu(Float.NaN), "NaN");
        fails(IllegalArgumentException.class, () -> Activation.pow(Float.NEGATIVE_INFINITY), "pow exponent", "finite");
        // min == max is a constant, not an error.
        assertEquals(Activation.Kind.CLIP, Activation.clip(2f, 2f).kind());
    }

    @Test
    void bitTensorWithTailBitsSetIsRefused() {
        fails(IllegalArgumentException.class, () -> Tensor.fromPackedBits(new long[] {1L << 10}, 10), "row 0",
                "10 values", "tail bits");
        fails(IllegalArgumentException.class, () -> Tensor.fromPackedBits(new long[] {0, 0, 0, -1L}, 2, 100), "row 1");
        fails(IllegalArgumentException.class, () -> Tensor.allocate(DType.BIT), "rank >= 1");
    }

    // ------------------------------------------------------------------ the C ABI checks too

    /** The status and message of a native create, which the Java API would never make. */
    private static String nativeRefusal(int status, int expected) {
        assertEquals(expected, status, () -> "status " + status);
        return NativeCalls.string(FrugalNative.frugal_last_error());
    }

    @Test
    void reorderAndResizeDescriptorsAreValidatedNativelyToo() {
        // The C ABI is public: a caller bypassing Java gets a refusal, not an out-of-bounds read.
        try (FrugalNative.ReorderDesc d = new FrugalNative.ReorderDesc();
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            d.rank(2).dims(0, 2).dims(1, 3).src_strides(0, 3).src_strides(1, 1).src_offset(1).src_elements(6);
            String m = nativeRefusal(FrugalNative.frugal_reorder_create(d, null, out), 1);
            assertTrue(m.contains("reads src element 6") && m.contains("holds 6"), m);
            d.src_offset(0).src_strides(1, -1);
            m = nativeRefusal(FrugalNative.frugal_reorder_create(d, null, out), 1);
            assertTrue(m.contains("stride 1") && m.contains("-1"), m);
            d.src_strides(1, Long.MAX_VALUE);
            m = nativeRefusal(FrugalNative.frugal_reorder_create(d, null, out), 1);
            assertTrue(m.contains("overflows"), m);
            d.src_strides(1, 1).rank(7);
            m = nativeRefusal(FrugalNative.frugal_reorder_create(d, null, out), 1);
            assertTrue(m.contains("rank 7"), m);
            assertTrue(out.get(0) == null || out.get(0).isNull(), "nothing was created");
        }
        try (FrugalNative.ResizeDesc d = new FrugalNative.ResizeDesc();
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            d.batch(1).channels(1).in_h(2).in_w(2).out_h(4).out_w(4).scale_h(2).scale_w(2).mode(2);
            String m = nativeRefusal(FrugalNative.frugal_resize_create(d, null, out), 2);
            assertTrue(m.contains("CUBIC"), m);
            d.mode(1).coordinate_transformation_mode(5);
            m = nativeRefusal(FrugalNative.frugal_resize_create(d, null, out), 2);
            assertTrue(m.contains("TF_CROP_AND_RESIZE"), m);
            d.coordinate_transformation_mode(9);
            m = nativeRefusal(FrugalNative.frugal_resize_create(d, null, out), 1);
            assertTrue(m.contains("coordinate_transformation_mode 9"), m);
            d.coordinate_transformation_mode(0).scale_w(Float.NaN);
            m = nativeRefusal(FrugalNative.frugal_resize_create(d, null, out), 1);
            assertTrue(m.contains("finite and positive"), m);
            d.scale_w(2).out_w(0);
            m = nativeRefusal(FrugalNative.frugal_resize_create(d, null, out), 1);
            assertTrue(m.contains("out_w"), m);
            d.out_w(4).layout(2);
            m = nativeRefusal(FrugalNative.frugal_resize_create(d, null, out), 1);
            assertTrue(m.contains("unknown layout 2"), m);
            d.layout(-1);
            m = nativeRefusal(FrugalNative.frugal_resize_create(d, null, out), 1);
            assertTrue(m.contains("unknown layout -1"), m);
            assertTrue(out.get(0) == null || out.get(0).isNull(), "nothing was created");
            d.layout(1); // NHWC: valid, so the same descriptor now creates
            assertEquals(0, FrugalNative.frugal_resize_create(d, null, out));
            FrugalNative.frugal_resize_destroy(new FrugalNative.ResizeHandle(out.get(0)));
        }
    }
}
