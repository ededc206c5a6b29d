package io.frugal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every int8 matmul kernel against a float64 Java model of the same quantized arithmetic
 * (frugal.h, frugal_qmatmul_desc), as {@link QConv2dTest} does for the convolution: F32 within
 * 1e-5 relative L2, U8/S8 within one unit; the int8_s16 kernels also equal ref:direct bit for
 * bit. Below AVX-512 VNNI "onednn" must decline; int8_s16 kernels above the ISA are skipped.
 */
@Tag("kernel")
class QMatMulTest {
    static final List<MatMulParams> SHAPES = List.of(
            MatMulParams.of(1, 3, 17),
            new MatMulParams(3, 5, 17, 130, false, Activation.relu()),
            new MatMulParams(2, 7, 130, 3, true, Activation.clip(-0.5f, 0.5f)),
            MatMulParams.of(4, 1, 1),
            new MatMulParams(1, 16, 300, 33, true, Activation.relu()));

    /** For the bit-for-bit comparison with ref:direct: column tails 1/7/9/17/33/65/130, odd k, batches, both weight orders. */
    static final List<MatMulParams> EXACT_SHAPES = List.of(
            MatMulParams.of(1, 1, 1),
            new MatMulParams(2, 7, 3, 9, false, Activation.relu()),
            new MatMulParams(3, 13, 65, 17, true, Activation.clip(-0.5f, 0.5f)),
            new MatMulParams(1, 6, 64, 33, false, Activation.none()),
            new MatMulParams(1, 25, 301, 65, true, Activation.leakyRelu(0.1f)),
            new MatMulParams(2, 50, 17, 130, false, Activation.sigmoid()),
            new MatMulParams(1, 4, 9, 7, true, Activation.hardSwish()));

    static Stream<Arguments> exactSweep() {
        return EXACT_SHAPES.stream().flatMap(p -> QConv2dTest.SRC_TYPES.stream().flatMap(s -> QConv2dTest.DST_TYPES
                .stream().flatMap(d -> QConv2dTest.S16.keySet().stream().sorted().map(k -> Arguments.of(p, s, d, k)))));
    }

    static Stream<Arguments> sweep() {
        return SHAPES.stream().flatMap(p -> QConv2dTest.SRC_TYPES.stream().flatMap(s -> QConv2dTest.DST_TYPES.stream()
                .flatMap(d -> QConv2dTest.KERNELS.stream().map(k -> Arguments.of(p, s, d, k)))));
    }

    /** Per column n of W ([k, n], or [n, k] transposed): s_w = max|W[:, n]| / 127, 1 for a zero column. */
    static float[] columnScales(MatMulParams p, float[] w) {
        int k = (int) p.k(), n = (int) p.n();
        float[] s = new float[n];
        for (int j = 0; j < n; j++) {
            double max = 0;
            for (int q = 0; q < k; q++) max = Math.max(max, Math.abs((double) w[at(p, q, j)]));
            s[j] = max == 0 ? 1f : (float) (max / 127.0);
        }
        return s;
    }

    static int at(MatMulParams p, int q, int j) {
        return p.weightsTransposed() ? j * (int) p.k() + q : q * (int) p.n() + j;
    }

    static double[] model(QMatMulParams qp, int[] src, float[] w, float[] sw, float[] bias) {
        MatMulParams p = qp.geometry();
        int rows = (int) (p.batch() * p.m()), k = (int) p.k(), n = (int) p.n();
        double[] y = new double[rows * n];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                long acc = 0;
                for (int q = 0; q < k; q++) {
                    int qw = (int) Math.max(-127, Math.min(127, Math.rint((double) w[at(p, q, j)] / (double) sw[j])));
                    acc += (long) src[r * k + q] * qw;
                }
                double real = (double) qp.srcScale() * (double) sw[j] * (double) acc + (bias == null ? 0 : bias[j]);
                y[r * n + j] = Reference.activation(p.activation(), real);
            }
        }
        return y;
    }

    @ParameterizedTest(name = "{0} {1}>{2} [{3}]")
    @MethodSource("sweep")
    void matchesTheQuantizedModel(MatMulParams p, DType srcType, DType dstType, String kernel) {
        QConv2dTest.assumeRuns(kernel);
        long seed = p.hashCode() * 31L + srcType.ordinal();
        byte[] src = QConv2dTest.randomSrc(seed, (int) Tensor.elementCount(p.inputShape()), srcType);
        float[] w = Reference.uniform(seed + 1, (int) Tensor.elementCount(p.weightShape()));
        float fan = (float) (1 / Math.sqrt(p.k()));
        for (int i = 0; i < w.length; i++) w[i] *= fan;
        float[] bias = Reference.uniform(seed + 2, (int) p.n());
        float srcScale = srcType == DType.U8 ? 1f / 255 : 1f / 128;
        float[] sw = columnScales(p, w);
        double[] y = model(QMatMulParams.of(p, srcType, srcScale), QConv2dTest.values(src, srcType), w, sw, bias);
        float dstScale = dstType == DType.F32 ? 1f : QConv2dTest.dstScale(y, dstType);
        QMatMulParams q = QMatMulParams.of(p, srcType, srcScale, dstType, dstScale);
        try (Tensor wt = Tensor.fromArray(w, p.weightShape());
             Tensor bt = Tensor.fromArray(bias, p.n())) {
            if (kernel.equals("onednn") && !QConv2dTest.onednnServes()) {
                FrugalException e = assertThrows(FrugalException.class, () -> QMatMul.create(q, wt, bt, kernel).close());
                assertEquals(ErrorCode.UNIMPLEMENTED, e.code());
                assertTrue(e.getMessage().contains("without VNNI"), e.getMessage());
                return;
            }
            try (QMatMul mm = QMatMul.create(q, wt, bt, kernel);
                 Tensor x = Tensor.fromArray(src, srcType, p.inputShape());
                 Tensor out = mm.run(x)) {
                assertTrue(mm.kernel().startsWith(kernel), mm.kernel());
                assertArrayEquals(sw, mm.weightScales());
                if (dstType == DType.F32) {
                    double err = Reference.relativeL2(out.toFloatArray(), y);
                    assertTrue(err <= QConv2dTest.TOLERANCE, () -> q.descriptor() + " on " + mm.kernel() + ": " + err);
                } else {
                    int[] got = QConv2dTest.values(out.toByteArray(), dstType);
                    for (int i = 0; i < got.length; i++) {
                        int want = QConv2dTest.requantize(y[i], dstScale, dstType), fi = i;
                        assertTrue(Math.abs(got[i] - want) <= 1, () -> q.descriptor() + " on " + mm.kernel() + ": element "
                                + fi + " is " + got[fi] + ", the model gives " + want);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}>{2} [{3}]")
    @MethodSource("exactSweep")
    void int8S16EqualsTheReferenceBitForBit(MatMulParams p, DType srcType, DType dstType, String kernel) {
        QConv2dTest.assumeRuns(kernel);
        long seed = p.hashCode() * 31L + srcType.ordinal();
        byte[] src = QConv2dTest.randomSrc(seed, (int) Tensor.elementCount(p.inputShape()), srcType);
        float[] w = Reference.uniform(seed + 1, (int) Tensor.elementCount(p.weightShape()));
        float[] bias = Reference.uniform(seed + 2, (int) p.n());
        float srcScale = srcType == DType.U8 ? 1f / 255 : 1f / 128;
        double[] y = model(QMatMulParams.of(p, srcType, srcScale), QConv2dTest.values(src, srcType), w,
                columnScales(p, w), bias);
        float dstScale = dstType == DType.F32 ? 1f : QConv2dTest.dstScale(y, dstType);
        QMatMulParams q = QMatMulParams.of(p, srcType, srcScale, dstType, dstScale);
        try (Tensor wt = Tensor.fromArray(w, p.weightShape());
             Tensor bt = Tensor.fromArray(bias, p.n());
             QMatMul fast = QMatMul.create(q, wt, bt, kernel);
             QMatMul ref = QMatMul.create(q, wt, bt, "ref");
             Tensor x = Tensor.fromArray(src, srcType, p.inputShape());
             Tensor got = fast.run(x);
             Tensor want = ref.run(x)) {
            assertEquals(kernel, fast.kernel());
            if (dstType == DType.F32) {
                float[] g = got.toFloatArray(), r = want.toFloatArray();
                for (int i = 0; i < g.length; i++) {
                    final int at = i;
                    assertEquals(Float.floatToRawIntBits(r[i]), Float.floatToRawIntBits(g[i]), () -> q.descriptor() + " on "
                            + kernel + ": element " + at + " is " + g[at] + ", ref:direct gives " + r[at]);
                }
            } else {
                assertArrayEquals(want.toByteArray(), got.toByteArray(), () -> q.descriptor() + " on " + kernel);
            }
        }
    }

    @Test
    void zeroColumnHasScaleOneAndBadInputIsRefused() {
        MatMulParams p = MatMulParams.of(2, 4, 3);
        float[] w = Reference.uniform(1, 12);
        for (int q = 0; q < 4; q++) w[q * 3 + 1] = 0; // column 1
        QMatMulParams q = QMatMulParams.of(p, DType.U8, 0.01f);
        try (Tensor wt = Tensor.fromArray(w, p.weightShape());
             QMatMul mm = QMatMul.create(q, wt, null);
             Tensor f32 = Tensor.allocate(DType.F32, p.inputShape());
             Tensor u8 = Tensor.allocate(DType.U8, p.inputShape());
             Tensor s8Out = Tensor.allocate(DType.S8, p.outputShape())) {
            float[] s = mm.weightScales();
            assertEquals(1f, s[1]);
            assertArrayEquals(columnScales(p, w), s);
            fails(IllegalArgumentException.class, () -> mm.run(f32), "qmatmul", "src must be U8, got F32");
            fails(IllegalArgumentException.class, () -> mm.run(u8, s8Out), "qmatmul", "dst must be F32, got S8");
            fails(NullPointerException.class, () -> mm.run(null), "qmatmul", "src");
            fails(IllegalArgumentException.class, () -> QMatMulParams.of(p, DType.S32, 1f), "qmatmul", "srcType");
            fails(IllegalArgumentException.class, () -> QMatMulParams.of(p, DType.U8, Float.NaN), "srcScale", "NaN");
            fails(IllegalArgumentException.class, () -> QMatMulParams.of(p, DType.U8, 1f, DType.U8, 0f), "dstScale");
            fails(IllegalArgumentException.class, () -> QMatMulParams.of(MatMulParams.of(1, 70000, 1), DType.U8, 1f),
                    "k = 70000", "66311");
            float[] bad = w.clone();
            bad[5] = Float.POSITIVE_INFINITY; // row 1, column 2
            try (Tensor bt = Tensor.fromArray(bad, p.weightShape())) {
                fails(FrugalException.class, () -> QMatMul.create(q, bt, null), "qmatmul", "weight 5", "column 2", "finite");
            }
        }
    }

    private static <T extends Throwable> void fails(Class<T> type, Executable call, String... fragments) {
        T e = assertThrows(type, call);
        for (String f : fragments) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(f), () -> "'" + e.getMessage() + "' lacks '" + f + "'");
        }
    }
}
